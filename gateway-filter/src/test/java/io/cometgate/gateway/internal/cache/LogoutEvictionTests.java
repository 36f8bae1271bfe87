package io.cometgate.gateway.internal.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.RedisAvailability;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 204 logout is never forgotten: two replicas' token caches as the gateway builds them (Redis, the near cache, the
 * invalidation channel, unforgettable evictions) on one real redis-server, one replica logging a user out while it
 * thinks Redis is down or while Redis really refuses the eviction (an ACL without {@code DEL} and {@code PUBLISH}).
 */
class LogoutEvictionTests {

    private static final String KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    private static final CometChatApp APP = new CometChatApp("app1", "eu", "key", URI.create("http://localhost"));

    private static RedisTestServer server;

    private static RedisClient observer;

    private final String prefix = "logout-" + UUID.randomUUID() + ":";

    private final List<Replica> replicas = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        server = RedisTestServer.startDedicated();
        observer = RedisClient.create(server.url());
    }

    @AfterAll
    static void stopRedis() {
        observer.shutdown();
        server.close();
    }

    @AfterEach
    void stopReplicas() {
        refuseEvictions(false);
        this.replicas.forEach(Replica::close);
    }

    @Test
    void evictWhenThisReplicaThinksRedisIsDownAfterOneTimeoutThenEvictedInRedisAndOnTheOtherReplica() {
        Replica a = replica();
        Replica b = replica();
        String uid = cachedOnBoth(a, b);
        // B saw one command time out: for the retry interval it takes Redis for down.
        b.availability.failed(new RedisCommandTimeoutException("one slow answer"));

        b.cache.evict(APP, uid).block(Duration.ofSeconds(10));

        assertThat(storedInRedis(uid)).as("evicted in Redis").isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.cache.get(APP, uid).block(Duration.ofSeconds(10)) == null);
        assertThat(b.cache.get(APP, uid).block(Duration.ofSeconds(10))).isNull();
        assertThat(b.cache.unfinished()).isZero();
    }

    @Test
    void evictWhenRedisRefusesTheEvictionThenRetriedUntilItTakesItAndTheOtherReplicaDropsItsCopy() {
        Replica a = replica();
        Replica b = replica();
        String uid = cachedOnBoth(a, b);
        // Redis refuses DEL and PUBLISH (an ACL): unlike a pause, which only holds commands back, nothing is done
        // later by itself.
        refuseEvictions(true);

        // The logout is answered (the cache never fails it); its eviction could not reach Redis.
        b.cache.evict(APP, uid).block(Duration.ofSeconds(30));

        assertThat(b.cache.unfinished()).isEqualTo(1);
        assertThat(storedInRedis(uid)).as("Redis took no eviction").isTrue();
        assertThat(b.cache.get(APP, uid).block(Duration.ofSeconds(10)))
            .as("B never reads the revoked token back from Redis meanwhile").isNull();
        b.cache.retryUnfinished().block(Duration.ofSeconds(30));
        assertThat(b.cache.unfinished()).as("still refused: kept for the next round").isEqualTo(1);
        assertThat(storedInRedis(uid)).isTrue();

        refuseEvictions(false);
        b.cache.retryUnfinished().block(Duration.ofSeconds(30));

        assertThat(b.cache.unfinished()).isZero();
        assertThat(storedInRedis(uid)).as("evicted in Redis").isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.cache.get(APP, uid).block(Duration.ofSeconds(10)) == null);
    }

    /** A new user's token, put by {@code a} and read back by {@code b}: both hold a copy. */
    private static String cachedOnBoth(Replica a, Replica b) {
        String uid = "u-" + UUID.randomUUID();
        AuthToken token = new AuthToken(uid, "revoked-token", Clock.systemUTC().millis() / 1000);
        a.cache.put(APP, uid, token).block(Duration.ofSeconds(10));
        assertThat(b.cache.get(APP, uid).block(Duration.ofSeconds(10))).isEqualTo(token);
        return uid;
    }

    private boolean storedInRedis(String uid) {
        try (StatefulRedisConnection<String, String> connection = observer.connect()) {
            return connection.sync().exists(this.prefix + "tok:" + APP.appId() + ":" + uid) == 1;
        }
    }

    private Replica replica() {
        Replica replica = new Replica(server.connector(), this.prefix);
        this.replicas.add(replica);
        return replica;
    }

    private static void refuseEvictions(boolean refuse) {
        raw("ACL", "SETUSER", "default", refuse ? "-del" : "+del", refuse ? "-publish" : "+publish");
    }

    // Sent as RESP on a socket of their own, outside the connections under test.
    private static void raw(String... command) {
        StringBuilder resp = new StringBuilder("*").append(command.length).append("\r\n");
        for (String part : command) {
            resp.append('$').append(part.length()).append("\r\n").append(part).append("\r\n");
        }
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(resp.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            assertThat((char) first).as("Redis accepted " + String.join(" ", command)).isEqualTo('+');
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** One gateway replica's token cache, wired as the auto-configuration wires it. */
    private static final class Replica implements AutoCloseable {

        final LettuceConnector connector;

        final RedisAvailability availability = new RedisAvailability(Duration.ofHours(1), Duration.ofSeconds(10),
                Clock.systemUTC());

        final RedisTokenInvalidations invalidations;

        final UnforgettableEvictions cache;

        Replica(LettuceConnector connector, String prefix) {
            this.connector = connector;
            SharedRedisConnection redis = new SharedRedisConnection(connector, this.availability);
            RedisTokenCache shared = new RedisTokenCache(redis, new TokenCipher(KEY, List.of()), prefix + "tok:",
                    Duration.ofMinutes(5));
            this.invalidations = new RedisTokenInvalidations(connector, redis, prefix + "invalidate");
            NearTokenCache near = new NearTokenCache(shared, this.invalidations, 100, Duration.ofMinutes(5),
                    Clock.systemUTC());
            this.invalidations.listen(near);
            // Retried by the test, one round at a time, not by the clock.
            this.cache = new UnforgettableEvictions(near, Duration.ofHours(1));
            // Subscribed before the test publishes: a subscription confirms by clearing the near cache.
            await().atMost(Duration.ofSeconds(20)).until(this.invalidations::subscribed);
        }

        @Override
        public void close() {
            this.cache.destroy();
            this.invalidations.destroy();
            this.connector.destroy();
        }

    }

}
