package io.cometgate.loadtests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The CometChat emulator's call counters ({@code GET /_emulator/counters}: calls per operation and {@code total}),
 * read without resetting them, so that a run never disturbs another user of the same emulator.
 */
public final class EmulatorCounters {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private final ObjectMapper mapper = new ObjectMapper();

    private final URI countersUri;

    public EmulatorCounters(String emulatorUrl) {
        this.countersUri = URI.create(emulatorUrl + "/_emulator/counters");
    }

    /** Counts by operation name, {@code total} included, in the emulator's order. */
    public Map<String, Long> read() throws IOException, InterruptedException {
        HttpResponse<String> response = this.client.send(
                HttpRequest.newBuilder(this.countersUri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + this.countersUri + " answered " + response.statusCode());
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        JsonNode body = this.mapper.readTree(response.body());
        body.properties().forEach((field) -> counts.put(field.getKey(), field.getValue().asLong()));
        return counts;
    }

    public URI uri() {
        return this.countersUri;
    }

}
