package io.cometgate.gateway.internal.ratelimit;

import io.cometgate.gateway.config.RedisFailurePolicy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.cometgate.gateway.internal.redis.RedisAvailability;

import static org.assertj.core.api.Assertions.assertThat;
import io.cometgate.gateway.internal.support.MutableClock;

/**
 * The failure policies and the fail-open accounting in isolation, with a "Redis" store that fails when told to (the
 * end-to-end tests stop, pause and delay a real Redis).
 */
class ResilientBucketStoreTests {

    private static final LimitPolicy TWO = LimitPolicy.of("t", List.of(LimitSpec.parse("2/1h")));

    private static final LimitPolicy FIVE = LimitPolicy.of("f", List.of(LimitSpec.parse("5/1h")));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final AtomicInteger redisCalls = new AtomicInteger();

    private final AtomicBoolean redisDown = new AtomicBoolean();

    private final MutableClock clock = new MutableClock();

    private final RedisAvailability availability = new RedisAvailability(Duration.ofMinutes(1), Duration.ofMinutes(5),
            this.clock);

    /** A shared store backed by memory that can be made to fail, standing for Redis. */
    private final BucketStore switchableRedis = new BucketStore() {

        private final LocalBucketStore buckets = new LocalBucketStore(100, Duration.ofHours(1));

        @Override
        public Mono<LimitProbe> tryConsume(String key, LimitPolicy policy) {
            return Mono.defer(() -> {
                ResilientBucketStoreTests.this.redisCalls.incrementAndGet();
                if (ResilientBucketStoreTests.this.redisDown.get()) {
                    return Mono.error(new IllegalStateException("connection refused"));
                }
                return this.buckets.tryConsume(key, policy);
            });
        }

        @Override
        public Mono<Void> charge(String key, LimitPolicy policy, long requests) {
            return Mono.defer(() -> {
                if (ResilientBucketStoreTests.this.redisDown.get()) {
                    return Mono.error(new IllegalStateException("connection refused"));
                }
                return this.buckets.charge(key, policy, requests);
            });
        }

    };

    private ResilientBucketStore store() {
        return new ResilientBucketStore(this.switchableRedis, new LocalBucketStore(100, Duration.ofHours(1)),
                this.availability, 100, Duration.ofHours(1), this.meters);
    }

    private static boolean allowed(ResilientBucketStore store, String key, LimitPolicy policy,
            RedisFailurePolicy onFailure) {
        LimitProbe probe = store.tryConsume(key, policy, onFailure).block(Duration.ofSeconds(5));
        return probe != null && probe.allowed();
    }

    private static int allowedOf(ResilientBucketStore store, String key, LimitPolicy policy, int requests) {
        int allowed = 0;
        for (int i = 0; i < requests; i++) {
            allowed += allowed(store, key, policy, RedisFailurePolicy.FAIL_OPEN) ? 1 : 0;
        }
        return allowed;
    }

    @Test
    void tryConsumeWhenRedisFailsAndFailOpenThenLocalLimitsStillHold() {
        this.redisDown.set(true);
        ResilientBucketStore store = store();
        assertThat(allowedOf(store, "k", TWO, 3)).isEqualTo(2);
        assertThat(this.meters.get("cometgate.ratelimit.redis.fallback").tag("policy", "fail-open").counter().count())
            .isEqualTo(3);
    }

    @Test
    void tryConsumeWhenRedisFailsAndFailClosedThenUnavailable() {
        this.redisDown.set(true);
        StepVerifier.create(store().tryConsume("k", TWO, RedisFailurePolicy.FAIL_CLOSED))
            .expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RetryLaterException.class,
                    (later) -> assertThat(later.getReason()).isEqualTo(RetryLaterException.Reason.RATE_LIMITER_UNAVAILABLE)))
            .verify();
    }

    @Test
    void tryConsumeWhenRedisRecentlyFailedThenItIsNotAskedAgainUntilTheInterval() {
        this.redisDown.set(true);
        ResilientBucketStore store = store();
        allowed(store, "k0", TWO, RedisFailurePolicy.FAIL_OPEN);
        assertThat(this.redisCalls).hasValue(1);

        this.clock.advance(Duration.ofSeconds(59));
        for (int i = 1; i < 5; i++) {
            allowed(store, "k" + i, TWO, RedisFailurePolicy.FAIL_OPEN);
        }
        assertThat(this.redisCalls).as("within the retry interval").hasValue(1);

        this.clock.advance(Duration.ofSeconds(1));
        allowed(store, "k5", TWO, RedisFailurePolicy.FAIL_OPEN);
        assertThat(this.redisCalls).as("once the retry interval has passed").hasValue(2);
    }

    @Test
    void tryConsumeWhenAnotherUseOfRedisFailedThenTheLimiterDoesNotWaitOnIt() {
        // The token cache or the mint lock found Redis down: the limiter shares that knowledge.
        this.availability.failed(new IllegalStateException("cache read timed out"));
        ResilientBucketStore store = store();
        assertThat(allowed(store, "k", TWO, RedisFailurePolicy.FAIL_OPEN)).isTrue();
        assertThat(this.redisCalls).hasValue(0);
    }

    @Test
    void tryConsumeWhenRedisFailsAfterSpendingTheLimitThenTheLocalBucketAllowsNothingMore() {
        ResilientBucketStore store = store();
        assertThat(allowedOf(store, "u", FIVE, 5)).isEqualTo(5);
        this.redisDown.set(true);
        // A fresh, full local bucket would allow 5 more: it starts where Redis was last seen instead.
        assertThat(allowedOf(store, "u", FIVE, 5)).isZero();
    }

    @Test
    void tryConsumeWhenRedisFlapsThenAUserNeverGetsMoreThanTheLimit() {
        ResilientBucketStore store = store();
        int allowed = allowedOf(store, "u", FIVE, 2);
        for (int flap = 0; flap < 5; flap++) {
            this.redisDown.set(true);
            this.clock.advance(Duration.ofMinutes(1));
            allowed += allowedOf(store, "u", FIVE, 2);
            this.redisDown.set(false);
            this.clock.advance(Duration.ofMinutes(1));
            allowed += allowedOf(store, "u", FIVE, 2);
        }
        // 2 in Redis, then 3 locally (seeded with Redis's 3): charged back, Redis allows nothing more. (The
        // clock's minutes do not refill the buckets, which keep their own time: 5/1h stays spent.)
        assertThat(allowed).isEqualTo(5);
    }

    @Test
    void tryConsumeWhenRedisReturnsThenWhatWasAllowedLocallyIsChargedToRedis() {
        ResilientBucketStore store = store();
        this.redisDown.set(true);
        // Never seen in Redis by this replica: the local bucket is full.
        assertThat(allowedOf(store, "new", FIVE, 3)).isEqualTo(3);
        this.redisDown.set(false);
        this.clock.advance(Duration.ofMinutes(1));
        assertThat(allowedOf(store, "new", FIVE, 5)).as("Redis charged for the 3 served locally").isEqualTo(2);
    }

    @Test
    void tryConsumeWhenRedisAnswersThenNoFallbackIsCounted() {
        ResilientBucketStore store = store();
        assertThat(allowedOf(store, "k", FIVE, 3)).isEqualTo(3);
        assertThat(this.meters.get("cometgate.ratelimit.redis.fallback").tag("policy", "fail-open").counter().count())
            .isZero();
    }

    @Test
    void tryConsumeDoesNothingBeforeSubscription() {
        store().tryConsume("k", TWO, RedisFailurePolicy.FAIL_OPEN);
        assertThat(this.redisCalls).hasValue(0);
    }

    /** A clock the test moves by hand. */

}
