package io.cometgate.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain {@link HttpClient} speaking to a running emulator, the way any client of the live API would: real HTTP,
 * JSON strings in, status, headers and parsed JSON out.
 */
final class ApiClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final CometChatEmulator emulator;

    ApiClient(CometChatEmulator emulator) {
        this.emulator = emulator;
    }

    /** The answer: status, headers and the body parsed as JSON (a missing node when there is no body). */
    record Response(int status, HttpHeaders headers, JsonNode body) {

        JsonNode data() {
            return this.body.path("data");
        }

        JsonNode error() {
            return this.body.path("error");
        }

        String errorCode() {
            return error().path("code").asString(null);
        }

        String header(String name) {
            return this.headers.firstValue(name).orElse(null);
        }
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response put(String path, String json) {
        return send("PUT", path, json);
    }

    Response delete(String path, String json) {
        return send("DELETE", path, json);
    }

    /** A {@code /v3} call with the right API key. */
    Response send(String method, String path, String json) {
        return send(method, path, json, Map.of("apikey", this.emulator.apiKey()), DEFAULT_TIMEOUT);
    }

    /** Any call; {@code path} is relative to the server root when it starts with {@code /_}, else to the base URL. */
    Response send(String method, String path, String json, Map<String, String> headers, Duration timeout) {
        try {
            return sendOrThrow(method, path, json, headers, timeout);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Like {@link #send}, but lets transport failures through, for the fault tests. */
    Response sendOrThrow(String method, String path, String json, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
            .timeout(timeout)
            .header("Accept", "application/json")
            .method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json)
                    : HttpRequest.BodyPublishers.noBody());
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
        return new Response(response.statusCode(), response.headers(), body);
    }

    URI uri(String path) {
        String base = this.emulator.baseUrl();
        if (path.startsWith("/_")) {
            return URI.create(base.substring(0, base.length() - "/v3".length()) + path);
        }
        return URI.create(base + path);
    }

    HttpClient http() {
        return this.http;
    }
}
