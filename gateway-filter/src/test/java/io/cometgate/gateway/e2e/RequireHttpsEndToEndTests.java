package io.cometgate.gateway.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code RequireHttps} filter on a gateway that does not trust proxies (no {@code server.forward-headers-strategy}):
 * plain HTTP is refused, and a client cannot claim HTTPS with a forwarded header.
 */
class RequireHttpsEndToEndTests extends GatewayEndToEndTest {

    @Test
    void postWhenPlainHttpThen403HttpsRequiredAndNoCometChatCall() {
        this.client.post().uri("/https-only/cometchat-token")
            .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(TestInfrastructure.uniqueUser("plain"))))
            .exchange()
            .expectStatus().isForbidden()
            .expectBody().jsonPath("$.error.code").isEqualTo("HTTPS_REQUIRED");
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void postWhenClientSendsForwardedProtoButProxiesAreNotTrustedThen403() {
        this.client.post().uri("/https-only/cometchat-token")
            .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(TestInfrastructure.uniqueUser("claims-https"))))
            .header("X-Forwarded-Proto", "https")
            .header("Forwarded", "proto=https")
            .exchange()
            .expectStatus().isForbidden()
            .expectBody().jsonPath("$.error.code").isEqualTo("HTTPS_REQUIRED");
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void postWhenRouteWithoutTheOptionThenPlainHttpServed() {
        this.client.post().uri("/cometchat-token")
            .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(TestInfrastructure.uniqueUser("plain-ok"))))
            .exchange()
            .expectStatus().isOk();
    }

}
