package io.cometgate.gateway.filter.factory;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;

import io.cometgate.gateway.internal.web.ErrorCodes;
import io.cometgate.gateway.internal.web.GatewayError;
import io.cometgate.gateway.internal.web.JsonResponseWriter;

/**
 * Refuses a route over plain HTTP with {@code 403 HTTPS_REQUIRED}: list {@code RequireHttps} before
 * {@code CometChatToken} so that neither the caller's JWT nor the CometChat token crosses a network unencrypted.
 * <p>
 * A request is HTTPS when the gateway terminated TLS itself, or when the request's URI says {@code https}. The second
 * is the case behind a TLS-terminating proxy only if the application trusts forwarded headers
 * ({@code server.forward-headers-strategy=native} or {@code framework}): then {@code X-Forwarded-Proto} /
 * {@code Forwarded} set the scheme. Without that setting those headers are ignored, so a client cannot claim HTTPS by
 * sending one.
 */
public class RequireHttpsGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    private final JsonResponseWriter writer = new JsonResponseWriter(JsonMapper.builder().build());

    public RequireHttpsGatewayFilterFactory() {
        super(Object.class);
    }

    @Override
    public GatewayFilter apply(Object config) {
        GatewayError refused = new GatewayError(HttpStatus.FORBIDDEN, ErrorCodes.HTTPS_REQUIRED,
                "This route answers over HTTPS only. Call it with https://.");
        return (exchange, chain) -> isHttps(exchange.getRequest()) ? chain.filter(exchange)
                : this.writer.writeError(exchange, refused);
    }

    static boolean isHttps(ServerHttpRequest request) {
        return request.getSslInfo() != null || "https".equalsIgnoreCase(request.getURI().getScheme());
    }

}
