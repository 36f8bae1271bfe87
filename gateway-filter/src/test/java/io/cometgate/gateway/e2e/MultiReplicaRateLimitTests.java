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

import org.springframework.web.reactive.function.client.WebClient;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.EmulatorUsers;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three gateway replicas (separate application contexts on separate ports) share one real Redis, as in production.
 * Concurrent requests spread over all of them must meet exactly one limit: the capacity succeeds, not one request
 * more.
 */
class MultiReplicaRateLimitTests {

    private static final int USER_CAPACITY = 5;

    private static final int UPSTREAM_BUDGET = 7;

    private final List<GatewayReplica> replicas = new ArrayList<>();

    private final CometChatEmulator emulator = TestInfrastructure.emulator();

    private void startReplicas(String perUser, String upstreamBudget) {
        // A key prefix of the test's own keeps its buckets apart from every other test's.
        String prefix = "multi-" + UUID.randomUUID() + ":";
        for (int i = 0; i < 3; i++) {
            this.replicas.add(GatewayReplica.start(RedisTestServer.shared().url(),
                    Map.of("cometchat.rate-limit.per-user", perUser,
                            "cometchat.rate-limit.upstream-budget", upstreamBudget,
                            "cometchat.rate-limit.key-prefix", prefix,
                            // One call per request, the mint: no revocation of aged tokens sharing the budget.
                            "cometchat.revoke-aged-tokens", "false")));
        }
    }

    @AfterEach
    void stopReplicas() {
        this.replicas.forEach(GatewayReplica::close);
        this.replicas.clear();
    }

    @BeforeEach
    void resetEmulator() {
        this.emulator.reset();
    }

    @Test
    void concurrentRequestsOfOneUserOverThreeReplicasThenExactlyTheCapacitySucceeds() {
        startReplicas(USER_CAPACITY + "/1h", "1000/1h");
        // Fresh users each run, and existing ones: one mint is one upstream call, far below the budget here.
        String user = "mr-" + UUID.randomUUID().toString().substring(0, 8);
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, user);
        String jwt = TestInfrastructure.jwt(user);
        String other = "mr-" + UUID.randomUUID().toString().substring(0, 8);
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, other);

        List<Integer> statuses = fire(30, (i) -> jwt);

        assertThat(statuses).hasSize(30);
        assertThat(statuses.stream().filter((s) -> s == 200).count()).isEqualTo(USER_CAPACITY);
        assertThat(statuses.stream().filter((s) -> s == 429).count()).isEqualTo(30 - USER_CAPACITY);
        // The allowed requests shared one mint: the others were served from the token cache.
        assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(1);
        // Another user is untouched by the first one's limit, on every replica.
        for (GatewayReplica replica : this.replicas) {
            assertThat(post(replica, TestInfrastructure.jwt(other)).block(Duration.ofSeconds(20))).isEqualTo(200);
        }
    }

    @Test
    void upstreamBudgetHoldsAcrossReplicas() {
        startReplicas("100/1h", UPSTREAM_BUDGET + "/1h");
        // The budget (7 calls an hour for the app) is spent only by calls that reach CometChat. Each of these users
        // exists, so each request is one call: exactly 7 of 20 get through, the rest are 503 without a call.
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String user = "budget-" + UUID.randomUUID().toString().substring(0, 8);
            EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, user);
            users.add(TestInfrastructure.jwt(user));
        }
        this.emulator.resetCounters();

        List<Integer> statuses = fire(20, users::get);

        assertThat(statuses.stream().filter((s) -> s == 200).count()).isEqualTo(UPSTREAM_BUDGET);
        assertThat(statuses.stream().filter((s) -> s == 503).count()).isEqualTo(20 - UPSTREAM_BUDGET);
        assertThat(this.emulator.totalCalls()).isEqualTo(UPSTREAM_BUDGET);
    }

    private List<Integer> fire(int count, java.util.function.IntFunction<String> jwtFor) {
        return Flux.range(0, count)
            .flatMap((i) -> post(this.replicas.get(i % this.replicas.size()), jwtFor.apply(i)), count)
            .collectList()
            .block(Duration.ofSeconds(60));
    }

    private static Mono<Integer> post(GatewayReplica replica, String jwt) {
        return WebClient.create(replica.baseUrl()).post().uri("/cometchat-token")
            .headers((h) -> h.setBearerAuth(jwt))
            .exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
    }

}
