package io.cometgate.demo;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's security chain from outside, against its own issuer (so the test can issue JWTs with and without the
 * operators' scope): Spring Security's failures answer in the gateway's JSON shape without echoing the token, and
 * the actuator's metrics need the {@code cometgate-ops} scope.
 */
class DemoSecurityTests {

    private static MockOAuth2Server issuer;

    private static ConfigurableApplicationContext demo;

    private static WebTestClient client;

    @BeforeAll
    static void startDemoWithItsOwnIssuer() {
        issuer = new MockOAuth2Server();
        issuer.start();
        demo = new SpringApplicationBuilder(DemoGatewayApplication.class)
            .properties("server.port=0", "demo.emulator.port=0", "demo.redis.port=0",
                    "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer.issuerUrl("ops"))
            .run();
        client = WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + demo.getEnvironment().getProperty("local.server.port"))
            .responseTimeout(Duration.ofSeconds(20))
            .build();
    }

    @AfterAll
    static void stop() {
        demo.close();
        issuer.shutdown();
    }

    private static String jwt(String subject, Map<String, Object> claims) {
        return issuer.issueToken("ops", subject, "cometgate", claims, 3600).serialize();
    }

    @Test
    void requestWhenNoTokenThen401InGatewayShapeWithBearerChallenge() {
        client.post().uri("/cometchat-token").exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
            .expectBody()
            .jsonPath("$.error.code").isEqualTo("UNAUTHENTICATED")
            .jsonPath("$.error.message").exists();
    }

    @Test
    void requestWhenAlgorithmConfusedTokenThen401InvalidTokenEchoingNothing() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("mallory")
            .issuer(issuer.issuerUrl("ops").toString())
            .expirationTime(new Date(System.currentTimeMillis() + 3_600_000))
            .build();
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("x-attacker-kid").build(),
                claims);
        confused.sign(new MACSigner("an-attacker-chosen-secret-of-at-least-256-bits!!"));

        byte[] body = client.post().uri("/cometchat-token").headers((h) -> h.setBearerAuth(confused.serialize()))
            .exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
            .expectBody()
            .jsonPath("$.error.code").isEqualTo("INVALID_TOKEN")
            .returnResult().getResponseBody();
        assertThat(new String(body)).doesNotContain("HS256").doesNotContain("x-attacker-kid").doesNotContain("mallory");
    }

    @Test
    void metricsWhenEndUserTokenThen403AccessDenied() {
        client.get().uri("/actuator/metrics").headers((h) -> h.setBearerAuth(jwt("alice", Map.of())))
            .exchange()
            .expectStatus().isForbidden()
            .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"")
            .expectBody().jsonPath("$.error.code").isEqualTo("ACCESS_DENIED");
    }

    @Test
    void metricsWhenOperatorScopeThen200() {
        client.get().uri("/actuator/metrics")
            .headers((h) -> h.setBearerAuth(jwt("ops-bot", Map.of("scope", "openid cometgate-ops"))))
            .exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.names").isArray();
    }

    @Test
    void requestWhenIdentityTokenOf12KilobytesThenAccepted() {
        // Large group claims: an Authorization header past Netty's default 8 KB (server.max-http-request-header-size).
        List<String> groups = IntStream.range(0, 300).mapToObj((i) -> "group-with-a-long-name-" + i).toList();
        String jwt = jwt("alice", Map.of("groups", groups));
        assertThat(jwt.length()).isBetween(12_000, 16_000);
        client.get().uri("/baseline").headers((h) -> h.setBearerAuth(jwt)).exchange().expectStatus().isOk();
    }

    @Test
    void healthWhenNoTokenThen200() {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

}
