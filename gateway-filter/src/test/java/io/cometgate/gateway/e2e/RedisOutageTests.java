package io.cometgate.gateway.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped, restarted and hung under a running gateway: each failure policy behaves as documented, no request
 * hangs, and the gateway returns to Redis by itself.
 */
class RedisOutageTests {

    private static final Map<String, Object> FAST_RECOVERY = Map.of("cometchat.rate-limit.redis-timeout", "250ms",
            "cometchat.redis.retry-interval", "300ms");

    private static WebTestClient client(GatewayReplica replica) {
        // Far above the Redis bound: a request that hung on Redis would fail this client's timeout.
        return WebTestClient.bindToServer().baseUrl(replica.baseUrl()).responseTimeout(Duration.ofSeconds(10)).build();
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client, String path, String user) {
        return client.post().uri(path).headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(user))).exchange();
    }

    private static String user() {
        return "out-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void redisStoppedThenFailOpenLimitsPerReplicaAndFailClosedRefusesThenRestartedThenSharedAgain() {
        try (RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica replica = GatewayReplica.start(redis.url(), FAST_RECOVERY)) {
            WebTestClient client = client(replica);
            post(client, "/closed/cometchat-token", user()).expectStatus().isOk();

            redis.stop();

            // fail-closed: refused, with a Retry-After, and no token.
            post(client, "/closed/cometchat-token", user()).expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.error.code").isEqualTo("RATE_LIMITER_UNAVAILABLE");
            // fail-open: still served, and still limited, by this replica's own buckets.
            String openUser = user();
            for (int i = 0; i < 3; i++) {
                post(client, "/limited/cometchat-token", openUser).expectStatus().isOk();
            }
            post(client, "/limited/cometchat-token", openUser).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

            redis.start();

            // Back by itself, without a restart of the gateway: decisions are made in Redis again.
            String afterRestart = user();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(
                    () -> post(client, "/closed/cometchat-token", afterRestart).expectStatus().isOk());
            assertThat(keysFor(redis, afterRestart)).hasSize(1);
        }
    }

    @Test
    void redisRestartedThenLimitsHoldAcrossReplicasAgain() {
        try (RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica first = GatewayReplica.start(redis.url(), FAST_RECOVERY);
                GatewayReplica second = GatewayReplica.start(redis.url(), FAST_RECOVERY)) {
            redis.stop();
            post(client(first), "/limited/cometchat-token", user()).expectStatus().isOk();
            post(client(second), "/limited/cometchat-token", user()).expectStatus().isOk();
            redis.start();
            String shared = user();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    post(client(first), "/limited/cometchat-token", "probe-" + UUID.randomUUID().toString().substring(0, 8));
                    post(client(second), "/limited/cometchat-token", "probe-" + UUID.randomUUID().toString().substring(0, 8));
                    return keyCount(redis) >= 2;
                });

            // 3 an hour in all: two on one replica and one on the other spend it; a per-replica limit would allow 6.
            post(client(first), "/limited/cometchat-token", shared).expectStatus().isOk();
            post(client(first), "/limited/cometchat-token", shared).expectStatus().isOk();
            post(client(second), "/limited/cometchat-token", shared).expectStatus().isOk();
            post(client(second), "/limited/cometchat-token", shared).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
            post(client(first), "/limited/cometchat-token", shared).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        }
    }

    @Test
    void redisHungThenRequestsAreAnsweredWithinTheBoundByEachPolicy() throws IOException {
        // A server that accepts connections and never says a word: the worst kind of Redis failure.
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());
                    }
                    catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (GatewayReplica replica = GatewayReplica.start("redis://127.0.0.1:" + silent.getLocalPort(),
                    FAST_RECOVERY)) {
                WebTestClient client = client(replica);
                post(client, "/limited/cometchat-token", user()).expectStatus().isOk();
                post(client, "/closed/cometchat-token", user()).expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            }
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    private static List<String> keysFor(RedisTestServer redis, String user) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().keys("cometgate:rl:*:user:*:" + user);
        }
        finally {
            client.shutdown();
        }
    }

    private static long keyCount(RedisTestServer redis) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().keys("cometgate:rl:*:user:*").size();
        }
        finally {
            client.shutdown();
        }
    }

}
