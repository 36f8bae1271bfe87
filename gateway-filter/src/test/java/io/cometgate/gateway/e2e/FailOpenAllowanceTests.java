package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import io.cometgate.gateway.internal.redis.RedisAvailability;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fail-open does not double a user's allowance: two replicas, a real redis-server paused ({@code CLIENT PAUSE})
 * again and again, or killed and restarted empty, and requests counted per user on the route limited to
 * {@code 3/1h}. A replica's local bucket starts where it last saw the user's Redis bucket, and what it allowed is
 * charged to Redis when Redis is back.
 */
class FailOpenAllowanceTests {

    private static final int LIMIT = 3;

    private static final Map<String, Object> FAST = Map.of("cometchat.redis.retry-interval", "200ms",
            "cometchat.redis.command-timeout", "250ms");

    private static WebTestClient client(GatewayReplica replica) {
        return WebTestClient.bindToServer().baseUrl(replica.baseUrl()).responseTimeout(Duration.ofSeconds(15)).build();
    }

    private static boolean allowed(GatewayReplica replica, String user) {
        int status = client(replica).post().uri("/limited/cometchat-token")
            .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(user)))
            .exchange()
            .returnResult(Void.class)
            .getStatus()
            .value();
        assertThat(status).as("only allowed or limited").isIn(200, 429);
        return status == 200;
    }

    /** Sends {@code requests} per replica for each user, alternating replicas, and counts what was allowed. */
    private static void send(List<GatewayReplica> replicas, List<String> users, int requests,
            Map<String, Integer> allowed) {
        for (int i = 0; i < requests; i++) {
            for (String user : users) {
                for (GatewayReplica replica : replicas) {
                    if (allowed(replica, user)) {
                        allowed.merge(user, 1, Integer::sum);
                    }
                }
            }
        }
    }

    private static List<String> users(String name, int count) {
        return IntStream.range(0, count).mapToObj((i) -> TestInfrastructure.uniqueUser(name)).toList();
    }

    @Test
    void redisPausedFiveTimesWhenUsersAlternateReplicasThenNoUserGetsMoreThanTheLimitPlusOneOutage() {
        try (RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica first = GatewayReplica.start(redis.url(), FAST);
                GatewayReplica second = GatewayReplica.start(redis.url(), FAST)) {
            List<GatewayReplica> replicas = List.of(first, second);
            // Users who spent their limit in Redis before the first pause, and users first seen during it.
            List<String> seen = users("seen", 4);
            List<String> fresh = users("fresh", 4);
            Map<String, Integer> allowed = new LinkedHashMap<>();
            send(replicas, seen, LIMIT, allowed);

            RedisClient admin = RedisClient.create(redis.url());
            try (StatefulRedisConnection<String, String> connection = admin.connect()) {
                for (int flap = 0; flap < 5; flap++) {
                    connection.sync().clientPause(2000);
                    send(replicas, seen, 2, allowed);
                    send(replicas, fresh, 2, allowed);
                    awaitRedisAnswers(connection);
                    send(replicas, seen, 1, allowed);
                    send(replicas, fresh, 1, allowed);
                }
            }
            finally {
                admin.shutdown();
            }

            // The figures the README quotes.
            System.out.println("fail-open after 5 pauses, allowed per user (limit " + LIMIT + "): " + allowed);
            assertThat(RedisTimeoutTests.fallbacks(first) + RedisTimeoutTests.fallbacks(second))
                .as("decisions were taken without Redis").isPositive();
            // Spent in Redis: the local buckets start empty; nothing more, however often Redis flaps.
            assertThat(seen).allSatisfy((user) -> assertThat(allowed.get(user)).as(user).isEqualTo(LIMIT));
            // Unknown to both replicas at the first pause: each grants its local allowance once (charged to Redis
            // afterwards), never once per flap.
            assertThat(fresh).allSatisfy((user) -> assertThat(allowed.get(user)).as(user).isLessThanOrEqualTo(2 * LIMIT));
            // Flaps closer together than the recovery period are one outage: one WARN per replica.
            for (GatewayReplica replica : replicas) {
                assertThat(replica.context().getBean(RedisAvailability.class).outages()).isEqualTo(1);
            }
        }
    }

    @Test
    void redisKilledAndRestartedEmptyThenNoUserGetsMoreThanTheLimitPlusOneOutage() {
        try (RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica first = GatewayReplica.start(redis.url(), FAST);
                GatewayReplica second = GatewayReplica.start(redis.url(), FAST)) {
            List<GatewayReplica> replicas = List.of(first, second);
            List<String> users = users("killed", 4);
            Map<String, Integer> allowed = new LinkedHashMap<>();
            // One request on each replica: 1 of 3 left in Redis, as each replica last saw it (2 and 1).
            send(replicas, users, 1, allowed);

            redis.stop();
            send(replicas, users, LIMIT, allowed);
            redis.start();

            // Both replicas decide in Redis again (the restarted Redis is empty: it knows nobody).
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                allowed(first, "probe-" + UUID.randomUUID().toString().substring(0, 8));
                allowed(second, "probe-" + UUID.randomUUID().toString().substring(0, 8));
                return limitKeys(redis) >= 2;
            });
            send(replicas, users, LIMIT, allowed);

            System.out.println("fail-open across a kill and restart, allowed per user (limit " + LIMIT + "): " + allowed);
            // Without the accounting: 2 before, 3 locally on each replica, 3 again in the empty Redis = 11.
            assertThat(users).allSatisfy((user) -> assertThat(allowed.get(user)).as(user).isLessThanOrEqualTo(2 * LIMIT));
        }
    }

    private static void awaitRedisAnswers(StatefulRedisConnection<String, String> connection) {
        // PING waits out the pause (CLIENT PAUSE holds every client), then the replicas' retry interval passes.
        connection.sync().ping();
        await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5)).until(() -> true);
    }

    private static long limitKeys(RedisTestServer redis) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().keys("cometgate:rl:*:user:*").size();
        }
        finally {
            client.shutdown();
        }
    }

}
