package io.cometgate.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads JSON request bodies and writes JSON answers, the same way for the API and the admin endpoints.
 *
 * <p>Bodies are lenient where real clients are: an empty body, {@code null} and {@code []} (what PHP's Guzzle sends
 * for "no body", seen in the recorded live exchanges) all mean "no fields". Anything that is not JSON is
 * {@code 400 ERR_BAD_REQUEST}.
 */
final class JsonReplies {

    static final String APPLICATION_JSON = "application/json";

    private final JsonMapper mapper;

    JsonReplies(JsonMapper mapper) {
        this.mapper = mapper;
    }

    JsonMapper mapper() {
        return this.mapper;
    }

    /** The request body as a JSON object; errors with an {@link ApiException} when it is not one. */
    Mono<ObjectNode> body(HttpServerRequest request) {
        return request.receive()
            .aggregate()
            .asString(StandardCharsets.UTF_8)
            .defaultIfEmpty("")
            .map(this::parseObject);
    }

    ObjectNode parseObject(String raw) {
        if (raw.isBlank()) {
            return this.mapper.createObjectNode();
        }
        JsonNode node;
        try {
            node = this.mapper.readTree(raw);
        }
        catch (JacksonException ex) {
            throw ApiErrors.malformedJson();
        }
        if (node == null || node.isNull() || node.isMissingNode() || (node.isArray() && node.isEmpty())) {
            return this.mapper.createObjectNode();
        }
        if (!node.isObject()) {
            throw ApiErrors.malformedJson();
        }
        return (ObjectNode) node;
    }

    Mono<Void> send(HttpServerResponse response, int status, JsonNode body, Map<String, String> headers) {
        return Mono.defer(() -> {
            byte[] bytes = this.mapper.writeValueAsBytes(body);
            response.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, APPLICATION_JSON)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length));
            headers.forEach(response::header);
            return response.sendByteArray(Mono.just(bytes)).then();
        });
    }

    Mono<Void> sendError(HttpServerResponse response, ApiException error, Map<String, String> headers) {
        return send(response, error.status(), ApiErrors.envelope(this.mapper, error), headers);
    }
}
