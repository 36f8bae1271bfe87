package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.internal.health.CometChatAppStates;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;
import io.cometgate.gateway.internal.support.ReplicaClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * New users logging in on two replicas at once, the replicas just started: one user created and one token per user,
 * nothing more upstream. Counted at CometChat.
 */
class ConcurrentFirstLoginTests {

    private static final int USERS = 200;

    private final CometChatEmulator emulator = TestInfrastructure.emulator();

    @Test
    void newUsersLoggingInOnTwoFreshReplicasAtOnceThenTwoUpstreamCallsPerUser() {
        String prefix = "first-" + UUID.randomUUID() + ":";
        Map<String, Object> properties = new HashMap<>();
        properties.put("cometchat.rate-limit.per-user", "1000/1m");
        properties.put("cometchat.rate-limit.key-prefix", prefix);
        properties.put("cometchat.token-cache.key-prefix", prefix + "tok:");
        properties.put("cometchat.token-cache.lock-key-prefix", prefix + "lock:");
        properties.put("cometchat.upstream-pause.key-prefix", prefix + "pause:");
        // The machine's speed must not decide the counts. On a loaded 2-core machine, 400 requests at once on two
        // just-started replicas take seconds each, and so can a Redis answer: no CometChat timeout (hence no retry),
        // no Redis command timeout (one would make the replica take Redis for down and mint without the lock, as
        // designed for outages), and a waiter on another replica's lock waits longer than the slowest mint (it mints
        // itself after lock-wait, or once half of its request's deadline is gone).
        properties.put("cometchat.response-timeout", "30s");
        properties.put("cometchat.request-timeout", "60s");
        properties.put("cometchat.redis.command-timeout", "10s");
        properties.put("cometchat.rate-limit.redis-timeout", "10s");
        properties.put("cometchat.token-cache.lock-wait", "30s");
        properties.put("cometchat.retry.max-total-time", "60s");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(TestInfrastructure.uniqueUser("first"));
        }
        List<String> jwts = users.stream().map(TestInfrastructure::jwt).toList();
        this.emulator.resetCounters();
        try (GatewayReplica first = GatewayReplica.start(RedisTestServer.shared().url(), properties);
                GatewayReplica second = GatewayReplica.start(RedisTestServer.shared().url(), properties);
                ReplicaClient http = new ReplicaClient()) {
            // Every user on both replicas at the same moment, the first requests either replica serves.
            List<List<String>> tokens = Flux.range(0, USERS)
                .flatMap((i) -> Flux.merge(token(http, first, jwts.get(i)), token(http, second, jwts.get(i)))
                    .collectList(), 2 * USERS)
                .collectList()
                .block(Duration.ofSeconds(180));

            assertThat(tokens).hasSize(USERS).allSatisfy((pair) -> {
                assertThat(pair).hasSize(2);
                assertThat(pair.get(0)).isEqualTo(pair.get(1));
            });
            // Per user: one mint answered "no such user", then the creation that returns the first token.
            assertThat(this.emulator.calls(Operation.CREATE_USER)).isEqualTo(USERS);
            assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(USERS);
            // Besides: each replica's start-up access check of each app it watches (the global app and the apps
            // application.yml's routes name; the next check is an hour away), never one per request.
            int checks = watchedApps(first) + watchedApps(second);
            await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(this.emulator.calls(Operation.LIST_USERS)).isEqualTo(checks));
            assertThat(this.emulator.totalCalls()).isEqualTo(2L * USERS + checks);
            for (String user : users) {
                assertThat(this.emulator.activeTokens(user)).hasSize(1);
            }
        }
    }

    private static int watchedApps(GatewayReplica replica) {
        return replica.context().getBean(CometChatAppStates.class).watched().size();
    }

    private static Mono<String> token(ReplicaClient http, GatewayReplica replica, String jwt) {
        return http.post(replica, "/cometchat-token", jwt).map((answer) -> {
            assertThat(answer.getStatusCode().value()).as("status, %s", answer.getBody()).isEqualTo(200);
            return (String) answer.getBody().get("authToken");
        });
    }

}
