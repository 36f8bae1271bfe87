package io.cometgate.gateway.security;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

import io.cometgate.gateway.internal.web.ErrorCodes;
import io.cometgate.gateway.internal.web.GatewayError;
import io.cometgate.gateway.internal.web.JsonResponseWriter;

/**
 * Answers Spring Security's authentication failures (no, expired, forged or malformed token) in the gateway's shape,
 * {@code {"error":{"code","message"}}}, with an RFC 6750 {@code WWW-Authenticate} challenge.
 * <p>
 * The challenge and the body are built from fixed text only: Spring Security's own entry point copies the decoder's
 * error description into {@code WWW-Authenticate}, which repeats parts of the attacker's token (its {@code alg}, for
 * one). Here only the RFC 6750 error code ({@code invalid_token}, {@code invalid_request}) is taken from the failure,
 * and only from that closed list.
 * <p>
 * Use it for both the resource server and the exchange's other authentication failures:
 * <pre>
 * .oauth2ResourceServer((rs) -&gt; rs.authenticationEntryPoint(entryPoint).jwt(Customizer.withDefaults()))
 * .exceptionHandling((e) -&gt; e.authenticationEntryPoint(entryPoint).accessDeniedHandler(new GatewayAccessDeniedHandler()))
 * </pre>
 */
public final class GatewayAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

    private final JsonResponseWriter writer;

    public GatewayAuthenticationEntryPoint() {
        this(new JsonResponseWriter(JsonMapper.builder().build()));
    }

    GatewayAuthenticationEntryPoint(JsonResponseWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        return Mono.defer(() -> {
            String bearerError = bearerErrorOf(failure);
            GatewayError error;
            String challenge;
            if (BearerTokenErrorCodes.INVALID_REQUEST.equals(bearerError)) {
                error = new GatewayError(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_REQUEST,
                        "Send the access token once, as 'Authorization: Bearer <token>'.");
                challenge = "Bearer error=\"invalid_request\"";
            }
            else if (BearerTokenErrorCodes.INVALID_TOKEN.equals(bearerError)) {
                error = new GatewayError(HttpStatus.UNAUTHORIZED, ErrorCodes.INVALID_TOKEN,
                        "The access token is invalid or has expired. Get a new one from the identity provider.");
                challenge = "Bearer error=\"invalid_token\"";
            }
            else {
                error = new GatewayError(HttpStatus.UNAUTHORIZED, ErrorCodes.UNAUTHENTICATED,
                        "Authentication required: send the identity provider's access token as 'Authorization: Bearer <token>'.");
                challenge = "Bearer";
            }
            Mono<Void> written = this.writer.writeError(exchange, error);
            // After writeError, which sets a bare "Bearer" challenge for every 401.
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
            return written;
        });
    }

    private static String bearerErrorOf(AuthenticationException failure) {
        if (failure instanceof OAuth2AuthenticationException oauth2 && oauth2.getError() != null) {
            return oauth2.getError().getErrorCode();
        }
        return null;
    }

}
