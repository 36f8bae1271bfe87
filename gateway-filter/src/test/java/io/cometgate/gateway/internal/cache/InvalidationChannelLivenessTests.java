package io.cometgate.gateway.internal.cache;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.cometgate.gateway.internal.support.ClosingInReverse;
import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.internal.health.CometGateStatus;
import io.cometgate.gateway.internal.health.TokenInvalidationsHealthIndicator;
import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.RedisAvailability;
import io.cometgate.gateway.internal.redis.RedisTarget;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.support.DelayingTcpProxy;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead subscription is noticed: replica A hears invalidations through a TCP proxy that black-holes only its
 * subscription connection (its shared connection and replica B go to Redis directly); a logout on B must then stop
 * A from serving the logged-out token from its near cache, and A must use its near cache again once the link heals.
 */
class InvalidationChannelLivenessTests {

    private static final String KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    private static final CometChatApp APP = new CometChatApp("app1", "eu", "key", URI.create("http://localhost"));

    private static final Duration HEARTBEAT = Duration.ofMillis(200);

    private static RedisTestServer server;

    private final String prefix = "liveness-" + UUID.randomUUID() + ":";

    private final ClosingInReverse closing = new ClosingInReverse();

    @BeforeAll
    static void startRedis() {
        server = RedisTestServer.startDedicated();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @AfterEach
    void close() throws Exception {
        this.closing.close();
    }

    @Test
    void subscriptionBlackHoledThenLogoutElsewhereStopsTheNearCopyAndHealingRestoresTheNearCache() {
        DelayingTcpProxy proxy = DelayingTcpProxy.start(server.port());
        this.closing.add(proxy);
        Replica a = new Replica(connector(server.url()), connector(proxy.redisUrl()));
        Replica b = new Replica(connector(server.url()), connector(server.url()));
        String uid = "u-" + UUID.randomUUID();
        a.near.put(APP, uid, new AuthToken(uid, "t1", Clock.systemUTC().millis() / 1000)).block(Duration.ofSeconds(10));

        proxy.blackHole(true);
        b.cache.evict(APP, uid).block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20)).until(() -> !a.invalidations.coherent());
        assertThat(a.near.coherent()).isFalse();
        assertThat(a.invalidations.coherenceLosses()).isEqualTo(1);
        assertThat(a.cache.get(APP, uid).block(Duration.ofSeconds(10))).as("the logged-out token").isNull();
        assertThat(b.invalidations.coherent()).as("B's own subscription is fine").isTrue();
        assertThat(health(a).getStatus()).isEqualTo(CometGateStatus.DEGRADED);
        assertThat(health(a).getDetails()).containsEntry("subscription", "silent, reopening");

        proxy.blackHole(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.invalidations.coherent() && a.near.coherent());
        String next = "u-" + UUID.randomUUID();
        a.near.put(APP, next, new AuthToken(next, "t2", Clock.systemUTC().millis() / 1000))
            .block(Duration.ofSeconds(10));
        assertThat(a.near.size()).as("the near cache is used again").isEqualTo(1);
        assertThat(health(a).getStatus()).isEqualTo(Status.UP);
        b.cache.evict(APP, next).block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.cache.get(APP, next).block(Duration.ofSeconds(10)) == null);
    }

    private static Health health(Replica replica) {
        return new TokenInvalidationsHealthIndicator(replica.invalidations::coherent,
                replica.invalidations::subscribed, replica.invalidations::coherenceLosses)
            .health().block(Duration.ofSeconds(10));
    }

    private LettuceConnector connector(String url) {
        io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(1));
        LettuceConnector connector = new LettuceConnector(RedisTarget.standalone(uri, null, Duration.ofSeconds(1)),
                Duration.ofSeconds(1));
        this.closing.add(connector::destroy);
        return connector;
    }

    /** One replica's token cache as the gateway wires it, its subscription opened by a connector of its own. */
    private final class Replica {

        final RedisTokenInvalidations invalidations;

        final NearTokenCache near;

        final UnforgettableEvictions cache;

        Replica(LettuceConnector direct, LettuceConnector subscribing) {
            SharedRedisConnection redis = new SharedRedisConnection(direct,
                    new RedisAvailability(Duration.ofMillis(100), Duration.ofSeconds(1), Clock.systemUTC()));
            RedisTokenCache shared = new RedisTokenCache(redis, new TokenCipher(KEY, List.of()),
                    InvalidationChannelLivenessTests.this.prefix + "tok:", Duration.ofMinutes(5));
            this.invalidations = new RedisTokenInvalidations(subscribing, redis,
                    InvalidationChannelLivenessTests.this.prefix + "invalidate", HEARTBEAT);
            this.near = new NearTokenCache(shared, this.invalidations, 100, Duration.ofMinutes(5), Clock.systemUTC());
            this.invalidations.listen(this.near);
            this.cache = new UnforgettableEvictions(this.near, Duration.ofHours(1));
            InvalidationChannelLivenessTests.this.closing.add(this.cache::destroy);
            InvalidationChannelLivenessTests.this.closing.add(this.invalidations::destroy);
            await().atMost(Duration.ofSeconds(20)).until(this.invalidations::coherent);
        }

    }

}
