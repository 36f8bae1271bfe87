package io.cometgate.gateway.security;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import io.cometgate.gateway.internal.web.ErrorCodes;
import io.cometgate.gateway.internal.web.GatewayError;
import io.cometgate.gateway.internal.web.JsonResponseWriter;

/**
 * Answers an authenticated caller that lacks the authority a path requires with {@code 403 ACCESS_DENIED} in the
 * gateway's shape; a bearer-token caller also gets RFC 6750's {@code WWW-Authenticate: Bearer
 * error="insufficient_scope"}. Nothing from the request or the failure is echoed.
 */
public final class GatewayAccessDeniedHandler implements ServerAccessDeniedHandler {

    private final JsonResponseWriter writer;

    public GatewayAccessDeniedHandler() {
        this.writer = new JsonResponseWriter(JsonMapper.builder().build());
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return exchange.getPrincipal()
            .filter(AbstractOAuth2TokenAuthenticationToken.class::isInstance)
            .doOnNext((bearer) -> exchange.getResponse().getHeaders()
                .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\""))
            .then(Mono.defer(() -> this.writer.writeError(exchange, new GatewayError(HttpStatus.FORBIDDEN,
                    ErrorCodes.ACCESS_DENIED, "You are not allowed to use this resource."))));
    }

}
