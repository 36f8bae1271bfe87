package io.cometgate.gateway.e2e;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

/**
 * The {@code RequireHttps} filter on a gateway that trusts its proxy ({@code server.forward-headers-strategy=framework}):
 * the proxy's {@code X-Forwarded-Proto: https} is honoured, its {@code http} is refused.
 */
@TestPropertySource(properties = "server.forward-headers-strategy=framework")
class RequireHttpsBehindTrustedProxyTests extends GatewayEndToEndTest {

    @Test
    void postWhenTrustedProxySaysHttpsThenTokenMinted() {
        this.client.post().uri("/https-only/cometchat-token")
            .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(TestInfrastructure.uniqueUser("via-proxy"))))
            .header("X-Forwarded-Proto", "https")
            .exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.authToken").exists();
    }

    @Test
    void postWhenTrustedProxySaysHttpThen403() {
        this.client.post().uri("/https-only/cometchat-token")
            .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(TestInfrastructure.uniqueUser("via-proxy-http"))))
            .header("X-Forwarded-Proto", "http")
            .exchange()
            .expectStatus().isForbidden()
            .expectBody().jsonPath("$.error.code").isEqualTo("HTTPS_REQUIRED");
    }

}
