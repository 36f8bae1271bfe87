package io.cometgate.gateway.internal.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.ScriptOutputType;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

import io.cometgate.gateway.internal.redis.SharedRedisConnection;

/**
 * How many replicas share the limits, as Redis saw them: each replica adds itself to a sorted set every
 * {@code every}, scored by Redis's own clock (replicas' clocks may disagree), and members not seen for three
 * intervals are dropped. Fail-open gives each replica {@code 1/N} of every limit (see
 * {@link LocalBucketStore#tryConsume(String, LimitPolicy, LimitProbe, int)}); during an outage the count last seen
 * holds. Until Redis first answers, and on a replica that never reached it, the count is 1.
 */
public final class ReplicasSeenInRedis implements DisposableBean {

    // One round trip: register, drop the members not seen for three intervals, count.
    private static final String REGISTER = "local t = redis.call('TIME') "
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) "
            + "redis.call('ZADD', KEYS[1], now, ARGV[1]) "
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2])) "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
            + "return redis.call('ZCARD', KEYS[1])";

    private final SharedRedisConnection redis;

    private final byte[] key;

    private final Duration every;

    // How long a member counts without registering again: three intervals, in ms, as the script's argument.
    private final byte[] seenWithin;

    private final byte[] replicaId = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);

    private final AtomicInteger replicas = new AtomicInteger(1);

    private volatile Disposable refreshing;

    /**
     * @param redis the shared connection
     * @param key the sorted set's key
     * @param every how often this replica registers
     */
    public ReplicasSeenInRedis(SharedRedisConnection redis, String key, Duration every) {
        Assert.notNull(redis, "redis cannot be null");
        Assert.hasText(key, "key cannot be empty");
        Assert.isTrue(every != null && every.compareTo(Duration.ZERO) > 0, "every must be positive");
        this.redis = redis;
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.every = every;
        this.seenWithin = Long.toString(every.toMillis() * 3).getBytes(StandardCharsets.UTF_8);
    }

    /** Registers now and then every interval, in the background. */
    public ReplicasSeenInRedis start() {
        this.refreshing = Flux.interval(Duration.ZERO, this.every)
            .onBackpressureDrop()
            .concatMap((tick) -> refresh().onErrorResume((ex) -> Mono.empty()))
            .subscribe();
        return this;
    }

    /**
     * Registers this replica once and reads the count.
     * @return the count; an error when Redis did not answer (the last count holds)
     */
    public Mono<Integer> refresh() {
        return this.redis.call((commands) -> commands.<Long>eval(REGISTER, ScriptOutputType.INTEGER,
                new byte[][] { this.key }, this.replicaId, this.seenWithin))
            .map((count) -> {
                int seen = (int) Math.max(1, Math.min(Integer.MAX_VALUE, count));
                this.replicas.set(seen);
                return seen;
            });
    }

    /** The replicas last seen sharing the limits, this one included; at least 1. */
    public int replicas() {
        return this.replicas.get();
    }

    @Override
    public void destroy() {
        Disposable running = this.refreshing;
        if (running != null) {
            running.dispose();
        }
    }

}
