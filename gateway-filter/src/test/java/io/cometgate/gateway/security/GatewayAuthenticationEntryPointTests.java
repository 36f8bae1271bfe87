package io.cometgate.gateway.security;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayAuthenticationEntryPointTests {

    private final GatewayAuthenticationEntryPoint entryPoint = new GatewayAuthenticationEntryPoint();

    private static MockServerWebExchange exchange() {
        return MockServerWebExchange.from(MockServerHttpRequest.post("/cometchat-token"));
    }

    @Test
    void commenceWhenInvalidTokenWithAttackerTextInTheDescriptionThenFixedChallengeAndBody() {
        MockServerWebExchange exchange = exchange();
        BearerTokenError error = new BearerTokenError(BearerTokenErrorCodes.INVALID_TOKEN, HttpStatus.UNAUTHORIZED,
                "Unsupported algorithm of HS256 from kid attacker-kid", "https://attacker.example/");

        StepVerifier.create(this.entryPoint.commence(exchange, new OAuth2AuthenticationException(error))).verifyComplete();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getHeaders().get(HttpHeaders.WWW_AUTHENTICATE))
            .containsExactly("Bearer error=\"invalid_token\"");
        StepVerifier.create(exchange.getResponse().getBodyAsString())
            .assertNext((body) -> assertThat(body).contains("\"code\":\"INVALID_TOKEN\"")
                .doesNotContain("HS256").doesNotContain("attacker"))
            .verifyComplete();
    }

    @Test
    void commenceWhenInvalidRequestThen400WithInvalidRequestChallenge() {
        MockServerWebExchange exchange = exchange();
        BearerTokenError error = new BearerTokenError(BearerTokenErrorCodes.INVALID_REQUEST, HttpStatus.BAD_REQUEST,
                "Found multiple bearer tokens in the request", null);

        StepVerifier.create(this.entryPoint.commence(exchange, new OAuth2AuthenticationException(error))).verifyComplete();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
            .isEqualTo("Bearer error=\"invalid_request\"");
    }

    @Test
    void commenceWhenNoTokenThen401UnauthenticatedWithBareChallengeAndNoStore() {
        MockServerWebExchange exchange = exchange();

        StepVerifier.create(this.entryPoint.commence(exchange, new InsufficientAuthenticationException("none")))
            .verifyComplete();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
        assertThat(exchange.getResponse().getHeaders().getCacheControl()).isEqualTo("no-store");
        StepVerifier.create(exchange.getResponse().getBodyAsString())
            .assertNext((body) -> assertThat(body).contains("\"code\":\"UNAUTHENTICATED\""))
            .verifyComplete();
    }

}
