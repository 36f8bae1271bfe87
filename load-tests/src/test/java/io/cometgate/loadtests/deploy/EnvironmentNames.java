package io.cometgate.loadtests.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Environment variable names as the applications read them. */
final class EnvironmentNames {

    private EnvironmentNames() {
    }

    /**
     * The variables Spring Boot binds to {@code property}: the canonical form (dots to underscores, dashes removed,
     * upper case: {@code COMETCHAT_TOKENCACHE_ENCRYPTIONKEY}) and the form with dashes as underscores
     * ({@code COMETCHAT_TOKEN_CACHE_ENCRYPTION_KEY}), which Boot's {@code SystemEnvironmentPropertyMapper} accepts
     * too and which the project's messages print.
     */
    static Set<String> forProperty(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
        return new TreeSet<>(List.of(upper.replace("-", ""), upper.replace('-', '_')));
    }

    /** The emulator's rule ({@code EmulatorMain.setting}): {@code emulator.app-id} is read from EMULATOR_APP_ID. */
    static String forEmulatorSetting(String setting) {
        return setting.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** Every property described by the Spring configuration metadata on the class path. */
    static Set<String> configurationProperties() {
        Set<String> properties = new TreeSet<>();
        ObjectMapper mapper = new ObjectMapper();
        try {
            Enumeration<URL> files = EnvironmentNames.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json");
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    for (JsonNode property : mapper.readTree(in).path("properties")) {
                        properties.add(property.path("name").asText());
                    }
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return properties;
    }

}
