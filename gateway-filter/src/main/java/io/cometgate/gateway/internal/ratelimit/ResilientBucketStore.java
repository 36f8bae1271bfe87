package io.cometgate.gateway.internal.ratelimit;

import io.cometgate.gateway.config.RedisFailurePolicy;

import java.time.Duration;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import io.cometgate.gateway.internal.redis.RedisAvailability;

/**
 * The Redis store with a decided behaviour when Redis fails. Every Redis call is bounded by Lettuce's command timeout
 * and Bucket4j's request timeout, which count from when a command is sent (time a request queued in this gateway is
 * not "Redis being slow"). On a failure the request is answered by the {@link RedisFailurePolicy}: fail-closed
 * refuses it, fail-open decides with the local bucket. While Redis is known down (a failure of any use of Redis on
 * this replica: limits, token cache, mint lock, see {@link RedisAvailability}), decisions are taken without it at
 * once; after the retry interval Redis is tried again and the store returns to it by itself.
 * <p>
 * Fail-open does not double a user's allowance: a local bucket starts where this replica last saw the Redis bucket
 * (not full), and what the local bucket allowed is charged to the Redis bucket at the key's next Redis decision. Each
 * local decision is counted in the {@code cometgate.ratelimit.redis.fallback} metric.
 * <p>
 * Fail-open holds over long outages too: each of the N replicas last seen in Redis ({@link ReplicasSeenInRedis})
 * takes {@code 1/N} of every limit's rate and capacity locally, so that together they refill at the shared rate, and
 * the charge-back empties the shared bucket at most, never below: an outage of any length gives a user at most the
 * shared bucket's allowance plus, once, the local buckets' starting tokens (each at most what that replica last saw
 * left, and at most its share of the capacity), and locks nobody out afterwards.
 */
public final class ResilientBucketStore implements RateLimitStore {

    private static final Logger logger = LoggerFactory.getLogger(ResilientBucketStore.class);

    private final BucketStore redis;

    private final LocalBucketStore local;

    private final RedisAvailability availability;

    private final FailOpenLedger ledger;

    private final IntSupplier replicas;

    private final Counter fallbackOpen;

    private final Counter fallbackClosed;

    /**
     * @param redis the shared store
     * @param local the local buckets of fail-open
     * @param availability whether Redis is known down, shared by every use of Redis on this replica
     * @param maximumKeys the most keys whose Redis state this replica remembers for fail-open
     * @param forgetAfter how long it remembers one; at least the longest period of any limit
     * @param meterRegistry where the fallback counters go
     */
    public ResilientBucketStore(BucketStore redis, LocalBucketStore local, RedisAvailability availability,
            long maximumKeys, Duration forgetAfter, MeterRegistry meterRegistry) {
        this(redis, local, availability, maximumKeys, forgetAfter, meterRegistry, () -> 1);
    }

    /**
     * @param redis the shared store
     * @param local the local buckets of fail-open
     * @param availability whether Redis is known down, shared by every use of Redis on this replica
     * @param maximumKeys the most keys whose Redis state this replica remembers for fail-open
     * @param forgetAfter how long it remembers one; at least the longest period of any limit
     * @param meterRegistry where the fallback counters go
     * @param replicas how many replicas share the limits (each takes its share while Redis is away), such as
     * {@link ReplicasSeenInRedis#replicas()}
     */
    public ResilientBucketStore(BucketStore redis, LocalBucketStore local, RedisAvailability availability,
            long maximumKeys, Duration forgetAfter, MeterRegistry meterRegistry, IntSupplier replicas) {
        Assert.notNull(redis, "redis cannot be null");
        Assert.notNull(local, "local cannot be null");
        Assert.notNull(availability, "availability cannot be null");
        Assert.notNull(replicas, "replicas cannot be null");
        this.replicas = replicas;
        this.redis = redis;
        this.local = local;
        this.availability = availability;
        this.ledger = new FailOpenLedger(maximumKeys, forgetAfter);
        this.fallbackOpen = Counter.builder("cometgate.ratelimit.redis.fallback")
            .description("Rate-limit decisions taken without Redis because it could not be reached")
            .tag("policy", "fail-open")
            .register(meterRegistry);
        this.fallbackClosed = Counter.builder("cometgate.ratelimit.redis.fallback")
            .description("Rate-limit decisions taken without Redis because it could not be reached")
            .tag("policy", "fail-closed")
            .register(meterRegistry);
    }

    /**
     * @param key the bucket's key
     * @param policy the limits
     * @param onRedisFailure what to do without Redis
     * @return the answer; {@link RetryLaterException} ({@code RATE_LIMITER_UNAVAILABLE}) when Redis fails and the policy is fail-closed
     */
    @Override
    public Mono<LimitProbe> tryConsume(String key, LimitPolicy policy, RedisFailurePolicy onRedisFailure) {
        return Mono.defer(() -> {
            if (!this.availability.mayCall()) {
                return fallback(key, policy, onRedisFailure);
            }
            return chargeOwed(key, policy)
                .then(this.redis.tryConsume(key, policy))
                .doOnNext((probe) -> {
                    this.availability.answered();
                    this.ledger.rememberShared(key, probe);
                    // The next outage's local bucket must start from this state, not from an older local one.
                    this.local.forget(key);
                })
                .onErrorResume((ex) -> {
                    logger.debug("Rate-limit decision without Redis", ex);
                    this.availability.record(ex);
                    return fallback(key, policy, onRedisFailure);
                });
        });
    }

    // Requests a local bucket allowed while Redis was down are charged to the Redis bucket before its next decision.
    private Mono<Void> chargeOwed(String key, LimitPolicy policy) {
        return Mono.defer(() -> {
            long owed = this.ledger.takeOwed(key);
            if (owed == 0) {
                return Mono.empty();
            }
            return this.redis.charge(key, policy, owed)
                .doOnError((ex) -> this.ledger.giveBack(key, owed));
        });
    }

    private Mono<LimitProbe> fallback(String key, LimitPolicy policy, RedisFailurePolicy onRedisFailure) {
        if (onRedisFailure == RedisFailurePolicy.FAIL_CLOSED) {
            this.fallbackClosed.increment();
            return Mono.error(new RetryLaterException(RetryLaterException.Reason.RATE_LIMITER_UNAVAILABLE,
                    "The rate limiter's Redis is unreachable and the policy is fail-closed",
                    this.availability.retryInterval()));
        }
        this.fallbackOpen.increment();
        return this.local.tryConsume(key, policy, this.ledger.lastShared(key), this.replicas.getAsInt())
            .doOnNext((probe) -> {
                if (probe.allowed()) {
                    this.ledger.allowedLocally(key);
                }
            });
    }

}
