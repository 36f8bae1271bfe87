package io.cometgate.loadtests.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * The parts of a Compose file the tests check, read as Compose reads them: merge keys ({@code <<: *anchor}) applied,
 * {@code environment} as a map or a list, short port syntax, and {@code ${VAR:-default}} taken at its default (what
 * {@code docker compose up} uses when the variable is not set).
 */
final class ComposeFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::?-([^}]*))?}");

    private final Map<String, Service> services = new LinkedHashMap<>();

    private ComposeFile(Path directory, Map<String, Object> document) {
        asMap(document.get("services")).forEach((name, definition) -> this.services.put(name,
                service(directory, name, asMap(definition))));
    }

    static ComposeFile parse(Path file, String yaml) {
        return new ComposeFile(file.getParent(), new Yaml().load(yaml));
    }

    Map<String, Service> services() {
        return this.services;
    }

    Service service(String name) {
        Service service = this.services.get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service '" + name + "'");
        }
        return service;
    }

    private static Service service(Path directory, String name, Map<String, Object> definition) {
        Object build = definition.get("build");
        Object context = (build instanceof Map<?, ?> map) ? map.get("context") : build;
        return new Service(name, (String) definition.get("image"),
                (context != null) ? directory.resolve((String) context).normalize() : null,
                environment(definition.get("environment")), ports(definition.get("ports")),
                strings(definition.get("volumes")));
    }

    private static Map<String, String> environment(Object environment) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> variables.put((String) key, withDefaults(String.valueOf(value))));
        }
        else {
            for (String entry : strings(environment)) {
                int equals = entry.indexOf('=');
                variables.put(entry.substring(0, equals), withDefaults(entry.substring(equals + 1)));
            }
        }
        return variables;
    }

    private static List<Port> ports(Object ports) {
        List<Port> mappings = new ArrayList<>();
        for (String port : strings(ports)) {
            String[] parts = port.split(":");
            mappings.add(new Port(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1])));
        }
        return mappings;
    }

    private static String withDefaults(String value) {
        Matcher variable = VARIABLE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (variable.find()) {
            variable.appendReplacement(resolved,
                    Matcher.quoteReplacement((variable.group(2) != null) ? variable.group(2) : ""));
        }
        return variable.appendTail(resolved).toString();
    }

    private static List<String> strings(Object list) {
        List<String> strings = new ArrayList<>();
        if (list instanceof List<?> items) {
            items.forEach((item) -> strings.add(String.valueOf(item)));
        }
        return strings;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (value instanceof Map) ? (Map<String, Object>) value : Map.of();
    }

    /** A service; {@code image} or {@code buildContext} may be {@code null}. */
    record Service(String name, String image, Path buildContext, Map<String, String> environment, List<Port> ports,
            List<String> volumes) {

        String env(String variable) {
            String value = this.environment.get(variable);
            if (value == null) {
                throw new AssertionError("Service '" + this.name + "' does not set " + variable);
            }
            return value;
        }

        /** The host port published for {@code containerPort}. */
        int hostPort(int containerPort) {
            return this.ports.stream()
                .filter((port) -> port.container() == containerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "Service '" + this.name + "' does not publish container port " + containerPort))
                .host();
        }

    }

    /** A published port, {@code "host:container"}. */
    record Port(int host, int container) {
    }

}
