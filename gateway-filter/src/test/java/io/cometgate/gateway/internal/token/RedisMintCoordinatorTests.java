package io.cometgate.gateway.internal.token;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.cometgate.gateway.internal.cache.RedisTokenCache;
import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.internal.cache.TokenCipher;
import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.RequestDeadline;
import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.RedisAvailability;
import io.cometgate.gateway.internal.redis.RedisTarget;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mint lock against a real redis-server, one decision at a time, counting the mints it lets through: the
 * interleavings that cost a second mint under load, made deterministic.
 */
class RedisMintCoordinatorTests {

    private static final String KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    private static final CometChatApp APP = new CometChatApp("app1", "eu", "key", URI.create("http://localhost"));

    private final String prefix = "coord-" + UUID.randomUUID() + ":";

    private final AtomicInteger mints = new AtomicInteger();

    private LettuceConnector connector;

    @AfterEach
    void close() {
        if (this.connector != null) {
            this.connector.destroy();
        }
    }

    @Test
    void coordinateWhenTokenCachedAfterThisReplicasMissThenOwnerReturnsItWithoutMinting() {
        SharedRedisConnection redis = connect(RedisTestServer.shared().url());
        TokenCache cache = cache(redis);
        String uid = uid();
        // Another replica minted, cached and released between this replica's cache miss and its lock.
        cache.put(APP, uid, new AuthToken(uid, "other-replicas-token", 1)).block();

        AtomicInteger cacheReads = new AtomicInteger();
        // The mint TokenService hands in: the cache first, then CometChat.
        Supplier<Mono<MintedToken>> cacheFirst = () -> cache.get(APP, uid)
            .doOnSubscribe((subscription) -> cacheReads.incrementAndGet())
            .map((cached) -> new MintedToken(cached, MintOutcome.SHARED))
            .switchIfEmpty(Mono.defer(mint(uid, Duration.ZERO)));

        MintedToken token = coordinator(redis, cache, Duration.ofSeconds(5), Duration.ofSeconds(5))
            .coordinate(APP, uid, cacheFirst).block(Duration.ofSeconds(10));

        assertThat(token.outcome()).isEqualTo(MintOutcome.SHARED);
        assertThat(token.token().authToken()).isEqualTo("other-replicas-token");
        assertThat(this.mints).hasValue(0);
        assertThat(cacheReads).as("the owner reads the cache once, not once here and once in the coordinator")
            .hasValue(1);
    }

    @Test
    void coordinateWhenAnotherReplicasLockOutlivesTheRequestDeadlineThenWaiterMintsItselfWithTimeLeft() {
        SharedRedisConnection redis = connect(RedisTestServer.shared().url());
        TokenCache cache = cache(redis);
        String uid = uid();
        // Its owner is gone; the lock lives on for 30 s. lock-wait is far longer than the request may take.
        setLock(uid, "a-replica-that-died", Duration.ofSeconds(30));
        List<Duration> leftWhenMinting = new CopyOnWriteArrayList<>();
        Supplier<Mono<MintedToken>> mint = () -> Mono.deferContextual((context) -> {
            leftWhenMinting.add(RequestDeadline.in(context).orElseThrow().remaining());
            return mint(uid, Duration.ZERO).get();
        });

        MintedToken token = coordinator(redis, cache, Duration.ofSeconds(30), Duration.ofHours(1))
            .coordinate(APP, uid, mint)
            .contextWrite((context) -> RequestDeadline.after(Duration.ofSeconds(4)).addTo(context))
            .block(Duration.ofSeconds(60));

        assertThat(token.outcome()).isEqualTo(MintOutcome.MINTED);
        assertThat(this.mints).hasValue(1);
        assertThat(leftWhenMinting).singleElement().satisfies((left) -> assertThat(left).isPositive());
    }

    @Test
    void coordinateWhenThisReplicaThinksRedisIsDownWhileMintingThenTheLockIsStillRenewed() {
        RedisAvailability availability = new RedisAvailability(Duration.ofHours(1), Duration.ofSeconds(10),
                java.time.Clock.systemUTC());
        SharedRedisConnection redis = connect(RedisTestServer.shared().url(), availability);
        TokenCache cache = cache(redis);
        String uid = uid();
        Duration lockTtl = Duration.ofMillis(1500);
        // While the owner mints, one of its Redis commands times out (a flapping link); Redis itself answers. A
        // renewal sets the lock's time to live back to lockTtl: pushing it far out first shows when one arrives.
        Supplier<Mono<MintedToken>> mint = () -> Mono.fromRunnable(() -> {
            availability.failed(new RedisCommandTimeoutException("one slow answer"));
            withRedis((connection) -> connection.sync().pexpire(lockKey(uid), 600_000));
        })
            .then(Mono.fromRunnable(() -> await().atMost(Duration.ofSeconds(20))
                .until(() -> lockTtlLeft(uid) <= lockTtl.toMillis())).subscribeOn(Schedulers.boundedElastic()))
            .then(mint(uid, Duration.ZERO).get());

        MintedToken token = coordinator(redis, cache, lockTtl, Duration.ofSeconds(5)).coordinate(APP, uid, mint)
            .block(Duration.ofSeconds(60));

        assertThat(token.outcome()).isEqualTo(MintOutcome.MINTED);
        assertThat(this.mints).hasValue(1);
    }

    @Test
    void coordinateWhenLockReleasedWithoutTokenThenWaiterTakesItOverAndMintsOnce() {
        SharedRedisConnection redis = connect(RedisTestServer.shared().url());
        TokenCache cache = cache(redis);
        String uid = uid();
        // A replica holds the lock, then gives up without caching a token (its mint failed).
        setLock(uid, "someone-else", Duration.ofSeconds(30));

        Mono<MintedToken> waiting = coordinator(redis, cache, Duration.ofSeconds(5), Duration.ofSeconds(30))
            .coordinate(APP, uid, mint(uid, Duration.ZERO))
            .cache();
        waiting.subscribe();
        Mono.delay(Duration.ofMillis(300)).block();
        assertThat(this.mints).hasValue(0);
        deleteLock(uid);

        MintedToken token = waiting.block(Duration.ofSeconds(20));
        assertThat(token.outcome()).isEqualTo(MintOutcome.MINTED);
        assertThat(this.mints).hasValue(1);
    }

    @Test
    void coordinateWhenOwnerMintsLongerThanLockTtlThenTheOtherReplicaWaitsForItsToken() {
        SharedRedisConnection redis = connect(RedisTestServer.shared().url());
        TokenCache cache = cache(redis);
        String uid = uid();
        RedisMintCoordinator first = coordinator(redis, cache, Duration.ofSeconds(2), Duration.ofSeconds(30));
        RedisMintCoordinator second = coordinator(redis, cache, Duration.ofSeconds(2), Duration.ofSeconds(30));

        // The owner's CometChat takes twice the lock's time to live; the lock is renewed meanwhile.
        Mono<MintedToken> owner = first.coordinate(APP, uid, () -> mint(uid, Duration.ofSeconds(4)).get()
            .flatMap((minted) -> cache.put(APP, uid, minted.token()).thenReturn(minted))).cache();
        owner.subscribe();
        Mono.delay(Duration.ofMillis(300)).block();
        MintedToken other = second.coordinate(APP, uid, mint(uid, Duration.ZERO)).block(Duration.ofSeconds(30));

        assertThat(owner.block(Duration.ofSeconds(30)).outcome()).isEqualTo(MintOutcome.MINTED);
        assertThat(other.outcome()).isEqualTo(MintOutcome.SHARED);
        assertThat(this.mints).hasValue(1);
    }

    @Test
    void coordinateWhenRedisUnreachableThenMintsOnceWithoutOwningAnything() throws Exception {
        int closedPort = RedisTestServer.freePort();
        SharedRedisConnection redis = connect("redis://127.0.0.1:" + closedPort);

        MintedToken token = coordinator(redis, cache(redis), Duration.ofSeconds(5), Duration.ofSeconds(30))
            .coordinate(APP, uid(), mint("u", Duration.ZERO)).block(Duration.ofSeconds(10));

        assertThat(token.outcome()).isEqualTo(MintOutcome.MINTED);
        assertThat(this.mints).hasValue(1);
    }

    private Supplier<Mono<MintedToken>> mint(String uid, Duration latency) {
        return () -> Mono.delay(latency).map((tick) -> new MintedToken(
                new AuthToken(uid, "minted-" + this.mints.incrementAndGet(), 1), MintOutcome.MINTED));
    }

    private SharedRedisConnection connect(String url) {
        return connect(url, new RedisAvailability(Duration.ZERO, Duration.ZERO, java.time.Clock.systemUTC()));
    }

    private SharedRedisConnection connect(String url, RedisAvailability availability) {
        io.lettuce.core.RedisURI uri = io.lettuce.core.RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(1));
        this.connector = new LettuceConnector(RedisTarget.standalone(uri, null, Duration.ofSeconds(1)));
        return new SharedRedisConnection(this.connector, availability);
    }

    private long lockTtlLeft(String uid) {
        long[] left = new long[1];
        withRedis((connection) -> left[0] = connection.sync().pttl(lockKey(uid)));
        return left[0];
    }

    private TokenCache cache(SharedRedisConnection redis) {
        return new RedisTokenCache(redis, new TokenCipher(KEY, java.util.List.of()), this.prefix + "tok:",
                Duration.ofMinutes(1));
    }

    private RedisMintCoordinator coordinator(SharedRedisConnection redis, TokenCache cache, Duration lockTtl,
            Duration maxWait) {
        return new RedisMintCoordinator(redis, cache, this.prefix + "lock:", lockTtl, maxWait);
    }

    private static String uid() {
        return "u" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void setLock(String uid, String nonce, Duration ttl) {
        withRedis((connection) -> connection.sync().set(lockKey(uid), nonce, SetArgs.Builder.px(ttl.toMillis())));
    }

    private void deleteLock(String uid) {
        withRedis((connection) -> connection.sync().del(lockKey(uid)));
    }

    private String lockKey(String uid) {
        return new String((this.prefix + "lock:" + APP.appId() + ":" + uid).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);
    }

    private static void withRedis(java.util.function.Consumer<StatefulRedisConnection<String, String>> action) {
        RedisClient client = RedisClient.create(RedisTestServer.shared().url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            action.accept(connection);
        }
        finally {
            client.shutdown();
        }
    }

}
