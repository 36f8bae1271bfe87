package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.internal.support.EmulatorUsers;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Three replicas sharing one Redis: one mint per user between them, and a CometChat 429 pauses them all. */
class MultiReplicaTokenTests {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private final List<GatewayReplica> replicas = new ArrayList<>();

    private final CometChatEmulator emulator = TestInfrastructure.emulator();

    @BeforeEach
    void startReplicas() {
        this.emulator.reset();
        String prefix = "tok-" + UUID.randomUUID() + ":";
        for (int i = 0; i < 3; i++) {
            this.replicas.add(GatewayReplica.start(RedisTestServer.shared().url(),
                    Map.of("cometchat.rate-limit.per-user", "1000/1m", "cometchat.rate-limit.key-prefix", prefix,
                            "cometchat.token-cache.key-prefix", prefix + "tok:",
                            "cometchat.token-cache.lock-key-prefix", prefix + "lock:",
                            "cometchat.upstream-pause.key-prefix", prefix + "pause:",
                            // The 429 test needs CometChat to answer 429: no slowdown from its headers before that.
                            "cometchat.rate-limit.upstream-slowdown-enabled", "false")));
        }
    }

    @AfterEach
    void stopReplicas() {
        this.replicas.forEach(GatewayReplica::close);
        this.replicas.clear();
    }

    @Test
    void hundredConcurrentFirstLoginsOverThreeReplicasThenOneUserOneTokenForAll() {
        String user = TestInfrastructure.uniqueUser("storm");
        String jwt = TestInfrastructure.jwt(user);

        List<ResponseEntity<Map<String, Object>>> responses = Flux.range(0, 100)
            .flatMap((i) -> post(this.replicas.get(i % 3), jwt), 100)
            .collectList()
            .block(Duration.ofSeconds(60));

        assertThat(responses).hasSize(100).allSatisfy((r) -> assertThat(r.getStatusCode().value()).isEqualTo(200));
        assertThat(responses.stream().map((r) -> r.getBody().get("authToken")).distinct()).hasSize(1);
        assertThat(this.emulator.calls(Operation.CREATE_USER)).isEqualTo(1);
        assertThat(this.emulator.activeTokens(user)).hasSize(1);
        // One mint call (answered 404) and the creation that returned the token: nothing else went upstream.
        assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(1);
    }

    @Test
    void cometChat429PausesEveryReplicaForTheAdvertisedWindowThenCallsResume() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String user = TestInfrastructure.uniqueUser("pause");
            EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, user);
            users.add(user);
        }
        // CometChat allows one call, then answers 429 with Retry-After: 2.
        this.emulator.appRateLimit(1, Duration.ofSeconds(2));
        assertThat(post(this.replicas.get(0), TestInfrastructure.jwt(users.get(0))).block().getStatusCode().value())
            .isEqualTo(200);
        ResponseEntity<Map<String, Object>> limited = post(this.replicas.get(0), TestInfrastructure.jwt(users.get(1)))
            .block();
        assertThat(limited.getStatusCode().value()).isEqualTo(503);
        assertThat(limited.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        this.emulator.appRateLimit(0, null);
        this.emulator.resetCounters();

        // The other replicas hold back without calling CometChat, though CometChat would answer now.
        for (GatewayReplica replica : this.replicas.subList(1, 3)) {
            ResponseEntity<Map<String, Object>> paused = post(replica, TestInfrastructure.jwt(users.get(2))).block();
            assertThat(paused.getStatusCode().value()).isEqualTo(503);
            assertThat(paused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
            assertThat(paused.getBody()).extractingByKey("error").asString().contains("COMETCHAT_RATE_LIMITED");
        }
        assertThat(this.emulator.totalCalls()).isZero();

        // After the window, every replica calls CometChat again.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(
                post(this.replicas.get(2), TestInfrastructure.jwt(users.get(3))).block().getStatusCode().value())
            .isEqualTo(200));
        assertThat(post(this.replicas.get(1), TestInfrastructure.jwt(users.get(2))).block().getStatusCode().value())
            .isEqualTo(200);
    }

    private static Mono<ResponseEntity<Map<String, Object>>> post(GatewayReplica replica, String jwt) {
        return WebClient.create(replica.baseUrl()).post().uri("/cometchat-token")
            .headers((h) -> h.setBearerAuth(jwt))
            .exchangeToMono((response) -> response.toEntity(JSON));
    }

}
