package io.cometgate.gateway.internal.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.RemoteAsyncBucketBuilder;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import io.cometgate.gateway.internal.redis.RedisAnswerHandOff;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.support.CallerThreadCaches;

/**
 * Buckets in Redis, shared by every replica, through Bucket4j's Lettuce integration and only its asynchronous API:
 * each request is a compare-and-swap that no replica can overshoot, in one round trip when this replica last saw the
 * bucket ({@link LastSeenStateProxyManager}), in two otherwise (a {@code GET}, then the swap).
 * <p>
 * The connection is the replica's {@link SharedRedisConnection}, which opens it lazily (a gateway starts while Redis
 * is down) and retries a failed opening. Bucket4j's proxy manager is built once from that connection, as Bucket4j
 * advises, and Lettuce reconnects underneath it. Keys expire once their bucket would have refilled, so Redis holds
 * only the buckets of recent callers.
 */
public final class RedisBucketStore implements BucketStore {

    /** Kept past the refill, so that a bucket read just before it expires is still there for its write. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

    /** The most buckets whose proxy, and whose last seen state, a replica keeps. */
    private static final int MAXIMUM_KEYS = 10_000;

    /** How long a bucket's last seen state is kept without use: a user's next page load is then one round trip. */
    private static final Duration FORGET_STATE_AFTER = Duration.ofMinutes(10);

    private static final LimitPolicy WARM_UP = LimitPolicy.of("warm-up", List.of(LimitSpec.parse("1000000/1m")));

    private final SharedRedisConnection redis;

    private final Duration requestTimeout;

    private final int maxRetries;

    private final boolean batching;

    // The manager of the connection it was built from: rebuilt only if the connection had to be opened anew.
    private final AtomicReference<ManagedConnection> managed = new AtomicReference<>();

    // Bucket proxies are kept per key because the batching optimisation lives in the proxy: a hot key must reuse one.
    private final Cache<String, AsyncBucketProxy> proxies = CallerThreadCaches.newBuilder()
        .maximumSize(MAXIMUM_KEYS)
        .expireAfterAccess(Duration.ofMinutes(1))
        .build();

    /**
     * @param redis the replica's Redis connection (standalone or cluster)
     * @param requestTimeout the bound on one Redis operation, compare-and-swap retries included
     * @param maxRetries the most compare-and-swap retries of one request under contention
     * @param batching whether concurrent requests of this replica on one bucket share one compare-and-swap
     */
    public RedisBucketStore(SharedRedisConnection redis, Duration requestTimeout, int maxRetries, boolean batching) {
        Assert.notNull(redis, "redis cannot be null");
        Assert.isTrue(maxRetries > 0, "maxRetries must be positive");
        this.redis = redis;
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.batching = batching;
    }

    /**
     * Takes one decision on a throw-away key, so that the first real requests do not pay for opening the connection,
     * loading Bucket4j's compare-and-swap path and warming it up: on a cold, busy replica those can outlast the
     * per-request Redis bound and push the first decisions to the local fallback. Failures are ignored.
     * @param key the key to spend a request of
     * @return completes when done, whatever the outcome
     */
    public Mono<Void> warmUp(String key) {
        return tryConsume(key, WARM_UP)
            .then()
            .onErrorResume((ex) -> Mono.empty());
    }

    @Override
    public Mono<LimitProbe> tryConsume(String key, LimitPolicy policy) {
        // An allowed request was confirmed by Redis (its swap succeeded). A refusal writes nothing: when it was
        // computed from what this replica remembered of the bucket, it is taken again from what Redis holds.
        return decide(key, policy)
            .flatMap((probe) -> (!probe.allowed() && forget(key)) ? decide(key, policy) : Mono.just(probe));
    }

    private Mono<LimitProbe> decide(String key, LimitPolicy policy) {
        // Bounded by Bucket4j's request timeout (each command's wait for Redis, counted from when it is sent) and
        // Lettuce's command timeout; the answer continues on the request's event loop, off Lettuce's I/O thread.
        return this.redis.openConnection()
            .map(this::proxyManager)
            .flatMap((manager) -> RedisAnswerHandOff.answer(() -> proxy(manager, key, policy).asVerbose()
                .tryConsumeAndReturnRemaining(1)))
            .map((result) -> LimitProbe.from(result, policy));
    }

    private boolean forget(String key) {
        ManagedConnection current = this.managed.get();
        return current != null && current.manager().forget(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Charges the bucket for requests allowed elsewhere (by a replica's local bucket while Redis was unreachable),
     * down to empty at most. WHY not past empty: during a long outage the shared bucket, left alone, refills only up
     * to its capacity while the local buckets kept serving their shares of the rate; charging all of that would put
     * the bucket about an outage's worth of requests below zero and lock the user (or, for the upstream budget, the
     * whole app) out for about as long as the outage lasted. Down to empty, the user gets what the shared bucket had
     * to give and waits only for the next refill.
     * @param key the bucket's key
     * @param policy the limits of a new bucket
     * @param requests how many requests to charge
     * @return completes when charged
     */
    public Mono<Void> charge(String key, LimitPolicy policy, long requests) {
        return this.redis.openConnection()
            .map(this::proxyManager)
            .flatMap((manager) -> RedisAnswerHandOff.answer(() -> proxy(manager, key, policy)
                .tryConsumeAsMuchAsPossible(requests)))
            .then();
    }

    private AsyncBucketProxy proxy(AsyncProxyManager<byte[]> manager, String key, LimitPolicy policy) {
        return this.proxies.get(key, (k) -> {
            RemoteAsyncBucketBuilder<byte[]> builder = manager.builder();
            if (this.batching) {
                // Concurrent requests of this replica on one bucket travel as one compare-and-swap: the hot global
                // bucket then contends once per replica, not once per request. Exact: nothing is over-consumed.
                builder = builder.withOptimization(Optimizations.batching());
            }
            return builder.build(k.getBytes(StandardCharsets.UTF_8),
                    () -> CompletableFuture.completedFuture(policy.bucketConfiguration()));
        });
    }

    private AsyncProxyManager<byte[]> proxyManager(StatefulConnection<byte[], byte[]> connection) {
        ManagedConnection current = this.managed.get();
        if (current != null && current.connection() == connection) {
            return current.async();
        }
        LastSeenStateProxyManager manager = build(connection);
        ManagedConnection built = new ManagedConnection(connection, manager, manager.asAsync());
        if (this.managed.compareAndSet(current, built)) {
            // Proxies of another connection's manager are useless now (what that manager saw goes with it).
            this.proxies.invalidateAll();
            return built.async();
        }
        return this.managed.get().async();
    }

    @SuppressWarnings("unchecked")
    private LastSeenStateProxyManager build(StatefulConnection<byte[], byte[]> connection) {
        Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]> builder;
        RedisClusterAsyncCommands<byte[], byte[]> commands;
        if (connection instanceof StatefulRedisClusterConnection<?, ?> cluster) {
            builder = Bucket4jLettuce.casBasedBuilder((StatefulRedisClusterConnection<byte[], byte[]>) cluster);
            commands = ((StatefulRedisClusterConnection<byte[], byte[]>) cluster).async();
        }
        else {
            builder = Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<byte[], byte[]>) connection);
            commands = ((StatefulRedisConnection<byte[], byte[]>) connection).async();
        }
        builder.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(EXPIRY_MARGIN))
            .requestTimeout(this.requestTimeout)
            .maxRetries(this.maxRetries);
        return new LastSeenStateProxyManager(builder, commands, MAXIMUM_KEYS, FORGET_STATE_AFTER,
                this.redis.commandTimeout());
    }

    private record ManagedConnection(StatefulConnection<byte[], byte[]> connection, LastSeenStateProxyManager manager,
            AsyncProxyManager<byte[]> async) {
    }

}
