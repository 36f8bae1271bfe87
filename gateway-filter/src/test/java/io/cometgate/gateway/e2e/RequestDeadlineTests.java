package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code cometchat.request-timeout}: one deadline over every CometChat call of a request. A first login against a
 * slow CometChat (mint, then create the user) that would outlast it is answered {@code 504 COMETCHAT_TIMEOUT}, and
 * CometChat sees no call after that.
 */
class RequestDeadlineTests {

    @Test
    void firstLoginWhenMintAndCreateOutlastTheDeadlineThen504AndNoFurtherCall() {
        // An emulator of this test's own: its latency must not slow other tests down.
        try (CometChatEmulator emulator = CometChatEmulator.builder().port(0).appId(TestInfrastructure.APP_ID)
            .apiKey(TestInfrastructure.REST_API_KEY).region("eu").build().start();
                GatewayReplica replica = GatewayReplica.start(RedisTestServer.shared().url(),
                        Map.of("cometchat.base-url", emulator.baseUrl(), "cometchat.request-timeout", "4s",
                                // Each call alone fits in its own bound: only the request's deadline can end it.
                                "cometchat.response-timeout", "10s", "cometchat.retry.max-total-time", "20s"))) {
            // Every answer takes 3 s: the mint says "no such user" at 3 s, the create would answer at 6 s.
            emulator.latency(Duration.ofSeconds(3));
            WebTestClient client = WebTestClient.bindToServer().baseUrl(replica.baseUrl())
                .responseTimeout(Duration.ofSeconds(30)).build();
            String user = TestInfrastructure.uniqueUser("deadline");

            client.post().uri("/cometchat-token").headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(user)))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
                .expectBody().jsonPath("$.error.code").isEqualTo("COMETCHAT_TIMEOUT");

            long callsAtTheAnswer = emulator.totalCalls();
            // Past the time the create in flight would have answered, and a mint after it been sent.
            await().pollDelay(5, TimeUnit.SECONDS).atMost(10, TimeUnit.SECONDS).until(() -> true);
            assertThat(emulator.totalCalls()).as("no call after the deadline").isEqualTo(callsAtTheAnswer);
            assertThat(emulator.calls(Operation.CREATE_AUTH_TOKEN)).as("the first mint only").isEqualTo(1);
            assertThat(emulator.calls(Operation.CREATE_USER)).isLessThanOrEqualTo(1);
        }
    }

}
