package io.cometgate.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} against the configuration metadata the build generates from
 * {@link CometChatProperties} and {@code additional-spring-configuration-metadata.json}: every property in one is in
 * the other, and a default the metadata knows is the page's default ({@link ConfigurationMetadataTests} keeps
 * deprecated properties out of both). The page is what adopters read, the metadata is what the code binds: this
 * keeps them from drifting apart.
 */
class ConfigurationDocumentationTests {

    private static final Path PAGE = Path.of("..", "docs", "configuration.md");

    /** A table row of the page: | `property` | default | meaning |. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.\\-]+)` \\| ([^|]*) \\|");

    private static Map<String, String> documented;

    private static Map<String, JsonNode> generated;

    @BeforeAll
    static void read() throws IOException {
        documented = rows(Files.readAllLines(PAGE, StandardCharsets.UTF_8));
        generated = generatedMetadata();
    }

    @Test
    void everyPropertyInTheMetadataIsDocumented() {
        assertThat(documented.keySet()).as("documented in docs/configuration.md").containsAll(generated.keySet());
    }

    @Test
    void everyDocumentedPropertyIsInTheMetadata() {
        assertThat(generated.keySet()).as("properties in the generated metadata").containsAll(documented.keySet());
    }

    @Test
    void everyDefaultInTheMetadataIsTheDocumentedDefault() {
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        generated.forEach((name, property) -> {
            JsonNode value = property.get("defaultValue");
            String cell = documented.get(name);
            if (value != null && cell != null) {
                expected.put(name, cell(value));
                actual.put(name, cell);
            }
        });
        assertThat(expected).as("defaults in the generated metadata, as the page writes them").isNotEmpty();
        assertThat(actual).as("defaults in docs/configuration.md").isEqualTo(expected);
    }

    /** How the page writes a default: in backticks, the empty string as "empty". */
    private static String cell(JsonNode value) {
        String text = value.isArray() ? String.join(",", value.valueStream().map(JsonNode::asString).toList())
                : value.asString();
        return text.isEmpty() ? "empty" : "`" + text + "`";
    }

    private static Map<String, String> rows(List<String> lines) {
        Map<String, String> rows = new TreeMap<>();
        for (String line : lines) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                String previous = rows.put(row.group(1), row.group(2).trim());
                assertThat(previous).as("%s documented once", row.group(1)).isNull();
            }
        }
        return rows;
    }

    /** The metadata of this module's own classes (a directory on the test class path), not of a dependency's jar. */
    private static Map<String, JsonNode> generatedMetadata() throws IOException {
        List<URL> own = Collections.list(ConfigurationDocumentationTests.class.getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json"))
            .stream()
            .filter((url) -> "file".equals(url.getProtocol()))
            .toList();
        assertThat(own).as("the generated metadata in target/classes").hasSize(1);
        try (InputStream in = own.get(0).openStream()) {
            Map<String, JsonNode> properties = new TreeMap<>();
            JsonMapper.builder().build().readTree(in).path("properties")
                .forEach((property) -> properties.put(property.path("name").asString(), property));
            assertThat(properties).as("properties in the generated metadata").isNotEmpty();
            return properties;
        }
    }

}
