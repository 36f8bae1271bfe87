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
        Path contextPath = (context != null) ? directory.resolve((String) context).normalize() : null;
        Map<String, Object> buildOptions = asMap(build);
        String dockerfile = (String) buildOptions.getOrDefault("dockerfile", "Dockerfile");
        return new Service(name, (String) definition.get("image"), contextPath,
                (contextPath != null) ? contextPath.resolve(dockerfile).normalize() : null,
                (String) buildOptions.get("target"), environment(definition.get("environment")),
                ports(definition.get("ports")), strings(definition.get("volumes")),
                dependsOn(definition.get("depends_on")), asMap(definition.get("healthcheck")),
                (String) definition.get("restart"), strings(definition.get("profiles")),
                (String) definition.get("stop_grace_period"), addresses(definition.get("networks")),
                (String) definition.get("mem_limit"));
    }

    /** Fixed IPv4 addresses by network ({@code networks: {default: {ipv4_address: ...}}}), at their defaults. */
    private static Map<String, String> addresses(Object networks) {
        Map<String, String> addresses = new LinkedHashMap<>();
        asMap(networks).forEach((network, options) -> {
            Object address = asMap(options).get("ipv4_address");
            if (address != null) {
                addresses.put(network, withDefaults(String.valueOf(address)));
            }
        });
        return addresses;
    }

    /** The default network's first subnet ({@code networks.default.ipam.config[0].subnet}), at its default. */
    static String defaultSubnet(String yaml) {
        Map<String, Object> document = new Yaml().load(yaml);
        Map<String, Object> ipam = asMap(asMap(asMap(document.get("networks")).get("default")).get("ipam"));
        List<?> config = (ipam.get("config") instanceof List<?> list) ? list : List.of();
        return config.isEmpty() ? null : withDefaults(String.valueOf(asMap(config.get(0)).get("subnet")));
    }

    /** {@code depends_on} as service name to condition; the short (list) form means {@code service_started}. */
    private static Map<String, String> dependsOn(Object dependsOn) {
        Map<String, String> conditions = new LinkedHashMap<>();
        if (dependsOn instanceof Map<?, ?> map) {
            map.forEach((service, condition) -> conditions.put((String) service,
                    String.valueOf(asMap(condition).getOrDefault("condition", "service_started"))));
        }
        else {
            strings(dependsOn).forEach((service) -> conditions.put(service, "service_started"));
        }
        return conditions;
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
            String[] parts = withDefaults(port).split(":");
            mappings.add(new Port((parts.length == 3) ? parts[0] : null, Integer.parseInt(parts[parts.length - 2]),
                    Integer.parseInt(parts[parts.length - 1]), hostVariable(port)));
        }
        return mappings;
    }

    /** The variable the host port is read from ({@code "${GATEWAY_PORT:-8080}:8080"}), or {@code null}. */
    private static String hostVariable(String port) {
        Matcher variable = VARIABLE.matcher(port);
        return (variable.find() && variable.end() < port.lastIndexOf(':') + 1) ? variable.group(1) : null;
    }

    /** {@code ${VAR:-default}} at its default, and {@code $$} as a literal {@code $}, as Compose interpolates. */
    private static String withDefaults(String value) {
        List<String> resolved = new ArrayList<>();
        for (String part : value.split("\\$\\$", -1)) {
            Matcher variable = VARIABLE.matcher(part);
            StringBuilder text = new StringBuilder();
            while (variable.find()) {
                variable.appendReplacement(text,
                        Matcher.quoteReplacement((variable.group(2) != null) ? variable.group(2) : ""));
            }
            resolved.add(variable.appendTail(text).toString());
        }
        return String.join("$", resolved);
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

    /**
     * A service; {@code image}, {@code buildContext}, {@code dockerfile}, {@code buildTarget}, {@code restart},
     * {@code stopGracePeriod} and {@code memLimit} may be {@code null}, {@code healthcheck} is empty without one.
     */
    record Service(String name, String image, Path buildContext, Path dockerfile, String buildTarget,
            Map<String, String> environment, List<Port> ports, List<String> volumes, Map<String, String> dependsOn,
            Map<String, Object> healthcheck, String restart, List<String> profiles, String stopGracePeriod,
            Map<String, String> addresses, String memLimit) {

        /** The healthcheck's command ({@code test}), empty when the service has none. */
        List<String> healthcheckTest() {
            return strings(this.healthcheck.get("test"));
        }

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

    /**
     * A published port, {@code "[address:]host:container"}, the host port at its default; {@code address} is the
     * host address it is published on ({@code null}: every address); {@code hostVariable} is the variable that moves
     * it, {@code null} when it is fixed.
     */
    record Port(String address, int host, int container, String hostVariable) {
    }

}
