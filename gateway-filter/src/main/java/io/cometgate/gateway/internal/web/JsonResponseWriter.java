package io.cometgate.gateway.internal.web;

import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the gateway's own answers. Every answer carries {@code Cache-Control: no-store} and
 * {@code Pragma: no-cache}: a token must never sit in a browser or proxy cache, and neither should an error about it.
 */
public final class JsonResponseWriter {

    private final JsonMapper jsonMapper;

    public JsonResponseWriter(JsonMapper jsonMapper) {
        Assert.notNull(jsonMapper, "jsonMapper cannot be null");
        this.jsonMapper = jsonMapper;
    }

    /** Writes {@code body} as JSON with {@code status}. */
    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, Object body) {
        return Mono.defer(() -> {
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(status);
            noStore(response.getHeaders());
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            DataBuffer buffer = response.bufferFactory().wrap(this.jsonMapper.writeValueAsBytes(body));
            return response.writeWith(Mono.just(buffer));
        });
    }

    /** Answers with no body, for example {@code 204} after a logout. */
    public Mono<Void> writeEmpty(ServerWebExchange exchange, HttpStatus status) {
        return Mono.defer(() -> {
            exchange.getResponse().setStatusCode(status);
            noStore(exchange.getResponse().getHeaders());
            return exchange.getResponse().setComplete();
        });
    }

    /** Writes an error as {@code {"error":{"code","message"}}}, with {@code Retry-After} when it has one. */
    public Mono<Void> writeError(ServerWebExchange exchange, GatewayError error) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        if (error.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(error.retryAfterSeconds()));
        }
        if (error.status() == HttpStatus.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return write(exchange, error.status(),
                Map.of("error", Map.of("code", error.code(), "message", error.message())));
    }

    private static void noStore(HttpHeaders headers) {
        headers.setCacheControl("no-store");
        headers.setPragma("no-cache");
    }

}
