package io.cometgate.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build generates (what IDEs complete and document): one way to say each thing, so
 * no deprecated property, and no description that offers {@code none} or {@code 0} as a way to turn something off.
 */
class ConfigurationMetadataTests {

    @Test
    void noPropertyIsDeprecated() throws IOException {
        List<String> deprecated = new ArrayList<>();
        for (JsonNode property : properties()) {
            if (property.has("deprecated") || property.has("deprecation")) {
                deprecated.add(property.get("name").asString());
            }
        }
        assertThat(deprecated).isEmpty();
        assertThat(names()).doesNotContain("cometchat.token-cache.timeout", "cometchat.upstream-pause.timeout");
    }

    @Test
    void offIsSpelledOnlyByFlags() throws IOException {
        List<String> offered = new ArrayList<>();
        for (JsonNode property : properties()) {
            String description = property.path("description").asString("");
            if (description.matches("(?s).*(, or none|or none to|\\b0 turns|none to let|0 \\(never).*")) {
                offered.add(property.get("name").asString());
            }
        }
        assertThat(offered).isEmpty();
        assertThat(names()).contains("cometchat.revoke-aged-tokens", "cometchat.rate-limit.per-user-enabled",
                "cometchat.rate-limit.upstream-budget-enabled", "cometchat.rate-limit.upstream-slowdown-enabled",
                "cometchat.jwt.key-set-fetch-limit.enabled");
    }

    private static List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        properties().forEach((property) -> names.add(property.get("name").asString()));
        return names;
    }

    private static List<JsonNode> properties() throws IOException {
        // The processor merges additional-spring-configuration-metadata.json into this file.
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            List<JsonNode> properties = new ArrayList<>();
            JsonMapper.builder().build().readTree(in).get("properties").forEach(properties::add);
            return properties;
        }
    }

}
