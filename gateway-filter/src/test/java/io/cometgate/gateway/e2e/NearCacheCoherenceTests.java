package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.internal.support.EmulatorUsers;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;
import io.cometgate.gateway.internal.support.ReplicaClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas, each with its near cache in front of the shared Redis: a cached user costs no Redis read, and a
 * logout or a fresh token on one replica reaches the other within {@link #INVALIDATION_BOUND} (the bound the
 * README states).
 */
class NearCacheCoherenceTests {

    /** The README's bound on how long another replica may still serve a token after a logout was answered. */
    private static final Duration INVALIDATION_BOUND = Duration.ofSeconds(2);

    private static final String ROUTE = "/cometchat-token";

    private final CometChatEmulator emulator = TestInfrastructure.emulator();

    private final List<GatewayReplica> replicas = new ArrayList<>();

    private final ReplicaClient http = new ReplicaClient();

    private String tokenKeyPrefix;

    @BeforeEach
    void startReplicas() {
        String prefix = "near-" + UUID.randomUUID() + ":";
        this.tokenKeyPrefix = prefix + "tok:";
        for (int i = 0; i < 2; i++) {
            this.replicas.add(GatewayReplica.start(RedisTestServer.shared().url(),
                    Map.of("cometchat.rate-limit.key-prefix", prefix, "cometchat.token-cache.key-prefix",
                            this.tokenKeyPrefix, "cometchat.token-cache.lock-key-prefix", prefix + "lock:",
                            "cometchat.upstream-pause.key-prefix", prefix + "pause:")));
        }
    }

    @AfterEach
    void stopReplicas() {
        this.replicas.forEach(GatewayReplica::close);
        this.http.close();
    }

    @Test
    void tokenReadOnceThenServedFromReplicaMemoryWithoutRedisOrCometChat() {
        String user = existingUser("near");
        String jwt = TestInfrastructure.jwt(user);
        String minted = this.http.token(first(), ROUTE, jwt);
        assertThat(this.http.token(second(), ROUTE, jwt)).isEqualTo(minted);
        this.emulator.resetCounters();

        // Gone from Redis behind the gateway's back (no invalidation): only a replica's memory can still answer.
        assertThat(deleteFromRedis(this.tokenKeyPrefix + TestInfrastructure.APP_ID + ":" + user)).isEqualTo(1);

        assertThat(this.http.token(second(), ROUTE, jwt)).isEqualTo(minted);
        assertThat(this.http.token(first(), ROUTE, jwt)).isEqualTo(minted);
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void logoutOnOneReplicaThenOtherReplicaStopsServingRevokedTokenWithinBound() {
        String user = existingUser("logout");
        String jwt = TestInfrastructure.jwt(user);
        String revoked = this.http.token(first(), ROUTE, jwt);
        // The second replica now holds it in memory.
        assertThat(this.http.token(second(), ROUTE, jwt)).isEqualTo(revoked);
        this.emulator.resetCounters();

        assertThat(this.http.delete(first(), ROUTE, jwt)).isEqualTo(204);
        assertThat(this.emulator.isTokenValid(user, revoked)).isFalse();

        await().atMost(INVALIDATION_BOUND).pollInterval(Duration.ofMillis(20))
            .until(() -> !this.http.token(second(), ROUTE, jwt).equals(revoked));
        String next = this.http.token(second(), ROUTE, jwt);
        assertThat(next).isNotEqualTo(revoked);
        assertThat(this.http.token(first(), ROUTE, jwt)).isEqualTo(next);
        // The revocation, then one mint of the next token, however many polls it took; that mint (of an existing
        // user) lists the user's tokens once to revoke aged ones (cometchat.token-max-age, 7 days by default).
        assertThat(this.emulator.calls(Operation.DELETE_AUTH_TOKEN)).isEqualTo(1);
        assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(1);
        assertThat(this.emulator.calls(Operation.LIST_AUTH_TOKENS)).isEqualTo(1);
        assertThat(this.emulator.totalCalls()).isEqualTo(3);
    }

    @Test
    void freshTokenOnOneReplicaThenOtherReplicaServesItWithinBound() {
        String user = existingUser("fresh");
        String jwt = TestInfrastructure.jwt(user);
        String old = this.http.token(first(), ROUTE, jwt);
        assertThat(this.http.token(second(), ROUTE, jwt)).isEqualTo(old);
        this.emulator.resetCounters();

        String fresh = this.http.token(first(), ROUTE + "?fresh=true", jwt);
        assertThat(fresh).isNotEqualTo(old);

        await().atMost(INVALIDATION_BOUND).pollInterval(Duration.ofMillis(20))
            .until(() -> this.http.token(second(), ROUTE, jwt).equals(fresh));
        assertThat(this.http.token(first(), ROUTE, jwt)).isEqualTo(fresh);
        // Only the fresh mint and its one listing of aged tokens: the second replica read the new token from Redis.
        assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(1);
        assertThat(this.emulator.calls(Operation.LIST_AUTH_TOKENS)).isEqualTo(1);
        assertThat(this.emulator.totalCalls()).isEqualTo(2);
    }

    private String existingUser(String name) {
        String user = TestInfrastructure.uniqueUser(name);
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, user);
        return user;
    }

    private GatewayReplica first() {
        return this.replicas.get(0);
    }

    private GatewayReplica second() {
        return this.replicas.get(1);
    }

    private static long deleteFromRedis(String key) {
        RedisClient client = RedisClient.create(RedisTestServer.shared().url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().del(key);
        }
        finally {
            client.shutdown();
        }
    }

}
