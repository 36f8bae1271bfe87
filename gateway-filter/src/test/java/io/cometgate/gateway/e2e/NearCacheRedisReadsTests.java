package io.cometgate.gateway.e2e;

import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.gateway.internal.support.EmulatorUsers;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;
import io.cometgate.gateway.internal.support.ReplicaClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the near cache saves, counted by Redis itself ({@code INFO commandstats}): a cached request reads no token
 * from Redis, where without the near cache each reads one. Limits are off, so the token is all Redis is asked for.
 */
class NearCacheRedisReadsTests {

    private static final int REQUESTS = 50;

    private final CometChatEmulator emulator = TestInfrastructure.emulator();

    @Test
    void cachedRequestsWhenNearCacheThenNoRedisReadAndWithoutItOneEach() {
        try (RedisTestServer redis = RedisTestServer.startDedicated(); ReplicaClient http = new ReplicaClient()) {
            assertThat(redisReadsPerCachedRequest(redis, http, true)).isZero();
            assertThat(redisReadsPerCachedRequest(redis, http, false)).isEqualTo(REQUESTS);
        }
    }

    private long redisReadsPerCachedRequest(RedisTestServer redis, ReplicaClient http, boolean nearCache) {
        try (GatewayReplica replica = GatewayReplica.start(redis.url(), Map.of("cometchat.rate-limit.enabled", "false",
                "cometchat.token-cache.near-cache.enabled", Boolean.toString(nearCache)))) {
            String user = TestInfrastructure.uniqueUser("reads");
            EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, user);
            String jwt = TestInfrastructure.jwt(user);
            String token = http.token(replica, "/cometchat-token", jwt);
            // Once more: without the near cache, this one reads Redis (the warm-up of the read path).
            assertThat(http.token(replica, "/cometchat-token", jwt)).isEqualTo(token);
            long before = commandCalls(redis, "get");
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(http.token(replica, "/cometchat-token", jwt)).isEqualTo(token);
            }
            return commandCalls(redis, "get") - before;
        }
    }

    private static long commandCalls(RedisTestServer redis, String command) {
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (String line : connection.sync().info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_" + command + ":")) {
                    String calls = line.substring(line.indexOf("calls=") + 6);
                    return Long.parseLong(calls.substring(0, calls.indexOf(',')));
                }
            }
            return 0;
        }
        finally {
            client.shutdown();
        }
    }

}
