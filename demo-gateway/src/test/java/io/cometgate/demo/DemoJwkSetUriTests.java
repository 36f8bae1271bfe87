package io.cometgate.demo;

import java.time.Duration;
import java.util.Map;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An issuer whose public URL the gateway cannot reach (docker-compose.yml: tokens say
 * {@code http://localhost:8081/demo}, the gateway reaches the issuer as {@code http://issuer:8080}): with
 * {@code jwk-set-uri} set, the demo starts without calling {@code ISSUER_URI}, reads the keys at the given address,
 * and still accepts only tokens whose {@code iss} is {@code ISSUER_URI}. Real JWTs of a real issuer; the public URL
 * is a port nothing listens on.
 */
class DemoJwkSetUriTests {

    /** What tokens name as their issuer; nothing answers there (port 1 refuses connections). */
    private static final String PUBLIC_ISSUER = "http://127.0.0.1:1/ops";

    private static MockOAuth2Server issuer;

    private static ConfigurableApplicationContext demo;

    private static WebTestClient client;

    @BeforeAll
    static void startDemoWithAnUnreachableIssuerUrlAndReachableKeys() {
        issuer = new MockOAuth2Server();
        issuer.start();
        // Without jwk-set-uri support the start fails here: discovery at PUBLIC_ISSUER is refused.
        demo = new SpringApplicationBuilder(DemoGatewayApplication.class)
            .properties("server.port=0", "demo.emulator.port=0", "demo.redis.port=0",
                    "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + PUBLIC_ISSUER,
                    "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer.jwksUrl("ops"))
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

    @Test
    void requestWhenTokenNamesThePublicIssuerThenAcceptedWithKeysFromTheJwkSetUri() {
        // Signed with the issuer's "ops" key, "iss" the public URL.
        String jwt = issuer.anyToken(HttpUrl.get(PUBLIC_ISSUER), Map.of("sub", "alice"), Duration.ofHours(1))
            .serialize();
        client.get().uri("/baseline").headers((h) -> h.setBearerAuth(jwt)).exchange().expectStatus().isOk();
    }

    @Test
    void requestWhenTokenNamesTheIssuersInternalUrlThenRejected() {
        // Same key, but "iss" is the address the keys are read at: not the configured issuer.
        String jwt = issuer.issueToken("ops", "alice", "cometgate", Map.of(), 3600).serialize();
        client.get().uri("/baseline").headers((h) -> h.setBearerAuth(jwt)).exchange().expectStatus().isUnauthorized();
    }

}
