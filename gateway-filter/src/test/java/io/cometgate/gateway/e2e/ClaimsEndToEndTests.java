package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cometgate.emulator.Operation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWTs signed by the real issuer whose claims have unusual shapes: no {@code sub}, a numeric {@code sub}, a name that
 * is not a string or is invisible.
 */
class ClaimsEndToEndTests extends GatewayEndToEndTest {

    private static String signedByIssuer(Map<String, Object> claims) {
        return TestInfrastructure.issuer()
            .anyToken(TestInfrastructure.issuer().issuerUrl(TestInfrastructure.ISSUER_ID), claims, Duration.ofHours(1))
            .serialize();
    }

    @Test
    void postWhenJwtHasNoSubThen403UidClaimMissingNamingSub() {
        String jwt = signedByIssuer(Map.of("aud", "cometgate", "email", "nosub@example.com"));

        this.client.post().uri("/cometchat-token").headers((h) -> h.setBearerAuth(jwt)).exchange()
            .expectStatus().isForbidden()
            .expectBody()
            .jsonPath("$.error.code").isEqualTo("UID_CLAIM_MISSING")
            .jsonPath("$.error.message").value((message) -> assertThat((String) message).contains("'sub'"));
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void postWhenSubIsAJsonNumberThenItsDecimalTextIsTheUid() {
        long number = 4_000_000_000L + (System.nanoTime() % 1_000_000);
        String jwt = signedByIssuer(Map.of("aud", "cometgate", "sub", number));

        this.client.post().uri("/cometchat-token").headers((h) -> h.setBearerAuth(jwt)).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.uid").isEqualTo(Long.toString(number));
    }

    @Test
    void putUserWhenNameIsAnArrayOrInvisibleThenFallsBackToPreferredUsername() {
        String subject = TestInfrastructure.uniqueUser("shapes");
        String arrayName = TestInfrastructure.jwt(subject,
                Map.of("name", java.util.List.of("a", "b"), "preferred_username", "shapes-user"));

        this.client.put().uri("/cometchat-user").headers((h) -> h.setBearerAuth(arrayName)).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.name").isEqualTo("shapes-user");

        String invisibleName = TestInfrastructure.jwt(subject,
                Map.of("name", "\u200b\u200d\u3164", "preferred_username", "still-shapes"));
        this.client.put().uri("/cometchat-user").headers((h) -> h.setBearerAuth(invisibleName)).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.name").isEqualTo("still-shapes");
        assertThat(this.emulator.calls(Operation.CREATE_USER)).isEqualTo(1);
    }

}
