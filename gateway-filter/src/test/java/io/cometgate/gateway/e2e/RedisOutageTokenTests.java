package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.internal.cache.NearTokenCache;
import io.cometgate.gateway.internal.cache.UnforgettableEvictions;
import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.support.EmulatorUsers;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;
import io.cometgate.gateway.internal.support.ReplicaClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real redis-server killed under two replicas and restarted empty: the tokens cost at most one mint per user per
 * replica during the outage (none for users a replica already knew), and one per user, shared by the replicas, once
 * Redis is back.
 */
class RedisOutageTokenTests {

    private static final String ROUTE = "/cometchat-token";

    private static final int USERS = 10;

    private final CometChatEmulator emulator = TestInfrastructure.emulator();

    @Test
    void redisKilledThenAtMostOneMintPerUserPerReplicaThenRestartedEmptyThenOneMintPerUser() {
        Map<String, Object> properties = Map.of("cometchat.rate-limit.per-user", "1000/1m",
                "cometchat.rate-limit.redis-timeout", "250ms", "cometchat.rate-limit.redis-retry-interval", "300ms");
        try (RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica first = GatewayReplica.start(redis.url(), properties);
                GatewayReplica second = GatewayReplica.start(redis.url(), properties);
                ReplicaClient http = new ReplicaClient()) {
            List<GatewayReplica> replicas = List.of(first, second);
            List<String> known = users("known");
            List<String> newcomers = users("new");
            Map<String, String> tokens = new HashMap<>();
            for (String user : known) {
                tokens.put(user, http.token(first, ROUTE, TestInfrastructure.jwt(user)));
                assertThat(http.token(second, ROUTE, TestInfrastructure.jwt(user))).isEqualTo(tokens.get(user));
            }
            // A mint's invalidation can reach the other replica after that replica filled its near cache from Redis
            // (a loaded machine delays pub/sub delivery); it then drops its copy, as it must. Ask again until every
            // replica holds every known user: the outage below starts from users warmed on every replica.
            for (GatewayReplica replica : replicas) {
                NearTokenCache near = nearCache(replica);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    for (String user : known) {
                        assertThat(http.token(replica, ROUTE, TestInfrastructure.jwt(user))).isEqualTo(tokens.get(user));
                    }
                    assertThat(near.size()).isEqualTo(USERS);
                });
            }
            this.emulator.resetCounters();

            redis.stop();

            // Three rounds on each replica: the first mints each newcomer once per replica, the others reuse it.
            Map<GatewayReplica, Map<String, String>> outageTokens = new HashMap<>();
            for (int round = 0; round < 3; round++) {
                for (GatewayReplica replica : replicas) {
                    for (String user : known) {
                        assertThat(http.token(replica, ROUTE, TestInfrastructure.jwt(user))).isEqualTo(tokens.get(user));
                    }
                    for (String user : newcomers) {
                        String token = http.token(replica, ROUTE, TestInfrastructure.jwt(user));
                        assertThat(outageTokens.computeIfAbsent(replica, (r) -> new HashMap<>())
                            .computeIfAbsent(user, (u) -> token)).isEqualTo(token);
                    }
                }
            }
            // Each mint (of an existing user) lists the user's tokens once to revoke aged ones
            // (cometchat.token-max-age, 7 days by default): nothing else.
            assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(USERS * replicas.size());
            assertThat(this.emulator.calls(Operation.LIST_AUTH_TOKENS)).isEqualTo(USERS * replicas.size());
            assertThat(this.emulator.totalCalls()).isEqualTo(2 * USERS * replicas.size());

            redis.start();
            // Back: each replica is connected again and, its subscription renewed, has dropped its memory (it may
            // have missed invalidations meanwhile).
            for (GatewayReplica replica : replicas) {
                SharedRedisConnection connection = replica.context().getBean(SharedRedisConnection.class);
                NearTokenCache near = nearCache(replica);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> "PONG".equals(connection.call((c) -> c.ping())
                        .block(Duration.ofSeconds(2))) && near.size() == 0);
            }
            this.emulator.resetCounters();

            // Redis came back empty: one mint per user, shared by both replicas.
            List<String> everyone = new ArrayList<>(known);
            everyone.addAll(newcomers);
            for (String user : everyone) {
                String token = http.token(first, ROUTE, TestInfrastructure.jwt(user));
                assertThat(http.token(second, ROUTE, TestInfrastructure.jwt(user))).isEqualTo(token);
                assertThat(http.token(first, ROUTE, TestInfrastructure.jwt(user))).isEqualTo(token);
            }
            assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(everyone.size());
            assertThat(this.emulator.calls(Operation.LIST_AUTH_TOKENS)).isEqualTo(everyone.size());
            assertThat(this.emulator.totalCalls()).isEqualTo(2L * everyone.size());
        }
    }

    private static NearTokenCache nearCache(GatewayReplica replica) {
        return (NearTokenCache) ((UnforgettableEvictions) replica.context().getBean(TokenCache.class)).cache();
    }

    private List<String> users(String name) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String user = TestInfrastructure.uniqueUser(name);
            EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, user);
            users.add(user);
        }
        return users;
    }

}
