package io.cometgate.gateway.e2e;

import java.util.concurrent.TimeUnit;

import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

import io.cometgate.gateway.security.ForgedJwts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway uses Spring Boot's own JWT decoder ({@code issuer-uri}); CometGate's auto-configuration bounds its
 * key-set fetches. Anonymous JWTs with unknown {@code kid}s must not turn into requests at the identity provider.
 */
class JwtKeySetEndToEndTests extends GatewayEndToEndTest {

    @Test
    void requestWhenHundredAnonymousJwtsWithUnknownKidsThenAtMostTwoKeySetFetches() {
        // A valid JWT first, so the decoder has read the issuer's keys (a request without a route answers 404).
        this.client.get().uri("/no-such-route").headers((h) -> h.setBearerAuth(TestInfrastructure.jwt("alice")))
            .exchange().expectStatus().isNotFound();
        keySetFetches();
        ForgedJwts forged = new ForgedJwts(TestInfrastructure.issuer().issuerUrl(TestInfrastructure.ISSUER_ID).toString());

        for (int i = 0; i < 100; i++) {
            this.client.post().uri("/cometchat-token").headers((h) -> h.setBearerAuth(forged.withRandomUnknownKid()))
                .exchange().expectStatus().isUnauthorized();
        }

        assertThat(keySetFetches()).isLessThanOrEqualTo(2);
        assertThat(this.emulator.totalCalls()).isZero();
    }

    /** Key-set requests the shared issuer received since the last call. */
    private static int keySetFetches() {
        int fetches = 0;
        while (true) {
            RecordedRequest request;
            try {
                request = TestInfrastructure.issuer().takeRequest(200, TimeUnit.MILLISECONDS);
            }
            catch (RuntimeException noMoreRequests) {
                return fetches;
            }
            if (request.getPath() != null && request.getPath().endsWith("/jwks")) {
                fetches++;
            }
        }
    }

}
