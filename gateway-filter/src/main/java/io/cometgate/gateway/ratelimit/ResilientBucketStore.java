package io.cometgate.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

/**
 * The Redis store with a decided behaviour when Redis fails: every Redis call is bounded by {@code timeout}; on a
 * failure the request is answered by the {@link RedisFailurePolicy} (the local fallback store, or a refusal), and
 * Redis is left alone for {@code retryInterval} so that a dead Redis costs requests nothing. After that the next
 * request tries Redis again: the store returns to it by itself.
 * <p>
 * Each switch is logged once (WARN when falling back, INFO when back) and every fallback is counted in the
 * {@code cometgate.ratelimit.redis.fallback} metric.
 */
public final class ResilientBucketStore implements RateLimitStore {

    private static final Logger logger = LoggerFactory.getLogger(ResilientBucketStore.class);

    private final BucketStore redis;

    private final BucketStore local;

    private final Duration timeout;

    private final Duration retryInterval;

    private final Clock clock;

    private final AtomicLong redisDownUntilMillis = new AtomicLong();

    private final Counter fallbackOpen;

    private final Counter fallbackClosed;

    public ResilientBucketStore(BucketStore redis, BucketStore local, Duration timeout, Duration retryInterval,
            MeterRegistry meterRegistry, Clock clock) {
        Assert.notNull(redis, "redis cannot be null");
        Assert.notNull(local, "local cannot be null");
        this.redis = redis;
        this.local = local;
        this.timeout = timeout;
        this.retryInterval = retryInterval;
        this.clock = clock;
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
            if (this.clock.millis() < this.redisDownUntilMillis.get()) {
                return fallback(key, policy, onRedisFailure);
            }
            return this.redis.tryConsume(key, policy)
                .timeout(this.timeout)
                .doOnNext((probe) -> markUp())
                .onErrorResume((ex) -> {
                    markDown(ex);
                    return fallback(key, policy, onRedisFailure);
                });
        });
    }

    private Mono<LimitProbe> fallback(String key, LimitPolicy policy, RedisFailurePolicy onRedisFailure) {
        if (onRedisFailure == RedisFailurePolicy.FAIL_CLOSED) {
            this.fallbackClosed.increment();
            return Mono.error(new RetryLaterException(RetryLaterException.Reason.RATE_LIMITER_UNAVAILABLE,
                    "The rate limiter's Redis is unreachable and the policy is fail-closed", this.retryInterval));
        }
        this.fallbackOpen.increment();
        return this.local.tryConsume(key, policy);
    }

    private void markDown(Throwable cause) {
        long previous = this.redisDownUntilMillis.getAndSet(this.clock.millis() + this.retryInterval.toMillis());
        logger.debug("Rate-limit decision without Redis", cause);
        if (previous == 0) {
            logger.warn("Redis is unreachable for rate limits ({}): limits are enforced per replica (fail-open) or "
                    + "requests refused (fail-closed) until it is back; retrying every {} ms",
                    cause.getClass().getSimpleName(), this.retryInterval.toMillis());
        }
    }

    private void markUp() {
        if (this.redisDownUntilMillis.get() != 0 && this.redisDownUntilMillis.getAndSet(0) != 0) {
            logger.info("Redis is reachable again: rate limits hold across replicas again");
        }
    }

}
