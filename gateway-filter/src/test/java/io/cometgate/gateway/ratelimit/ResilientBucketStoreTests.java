package io.cometgate.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure policies in isolation, with a store that fails on purpose (the end-to-end tests stop a real Redis).
 */
class ResilientBucketStoreTests {

    private static final LimitPolicy TWO = LimitPolicy.of("t", List.of(LimitSpec.parse("2/1h")));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final AtomicInteger redisCalls = new AtomicInteger();

    private final BucketStore failingRedis = (key, policy) -> Mono.defer(() -> {
        this.redisCalls.incrementAndGet();
        return Mono.error(new IllegalStateException("connection refused"));
    });

    private final BucketStore hungRedis = (key, policy) -> Mono.never();

    private ResilientBucketStore store(BucketStore redis) {
        return new ResilientBucketStore(redis, new LocalBucketStore(100, Duration.ofHours(1)), Duration.ofMillis(100),
                Duration.ofMinutes(1), this.meters, Clock.systemUTC());
    }

    @Test
    void tryConsumeWhenRedisFailsAndFailOpenThenLocalLimitsStillHold() {
        ResilientBucketStore store = store(this.failingRedis);
        for (int i = 0; i < 2; i++) {
            StepVerifier.create(store.tryConsume("k", TWO, RedisFailurePolicy.FAIL_OPEN))
                .assertNext((probe) -> assertThat(probe.allowed()).isTrue())
                .verifyComplete();
        }
        StepVerifier.create(store.tryConsume("k", TWO, RedisFailurePolicy.FAIL_OPEN))
            .assertNext((probe) -> assertThat(probe.allowed()).isFalse())
            .verifyComplete();
        assertThat(this.meters.get("cometgate.ratelimit.redis.fallback").tag("policy", "fail-open").counter().count())
            .isEqualTo(3);
    }

    @Test
    void tryConsumeWhenRedisFailsAndFailClosedThenUnavailable() {
        StepVerifier.create(store(this.failingRedis).tryConsume("k", TWO, RedisFailurePolicy.FAIL_CLOSED))
            .expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(RetryLaterException.class,
                    (later) -> assertThat(later.getReason()).isEqualTo(RetryLaterException.Reason.RATE_LIMITER_UNAVAILABLE)))
            .verify();
    }

    @Test
    void tryConsumeWhenRedisRecentlyFailedThenItIsNotAskedAgainUntilTheInterval() {
        MutableClock clock = new MutableClock();
        ResilientBucketStore store = new ResilientBucketStore(this.failingRedis,
                new LocalBucketStore(100, Duration.ofHours(1)), Duration.ofMillis(100), Duration.ofMinutes(1),
                this.meters, clock);
        consumeOnce(store, "k0");
        assertThat(this.redisCalls).hasValue(1);

        clock.advance(Duration.ofSeconds(59));
        for (int i = 1; i < 5; i++) {
            consumeOnce(store, "k" + i);
        }
        assertThat(this.redisCalls).as("within the retry interval").hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        consumeOnce(store, "k5");
        assertThat(this.redisCalls).as("once the retry interval has passed").hasValue(2);
    }

    private static void consumeOnce(ResilientBucketStore store, String key) {
        StepVerifier.create(store.tryConsume(key, TWO, RedisFailurePolicy.FAIL_OPEN))
            .assertNext((probe) -> assertThat(probe.allowed()).isTrue())
            .verifyComplete();
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            this.now = this.now.plus(duration);
        }

        @Override
        public Instant instant() {
            return this.now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

    }

    @Test
    void tryConsumeWhenRedisHangsThenAnsweredWithinTheTimeout() {
        StepVerifier.create(store(this.hungRedis).tryConsume("k", TWO, RedisFailurePolicy.FAIL_OPEN))
            .assertNext((probe) -> assertThat(probe.allowed()).isTrue())
            .verifyComplete();
    }

    @Test
    void tryConsumeDoesNothingBeforeSubscription() {
        store(this.failingRedis).tryConsume("k", TWO, RedisFailurePolicy.FAIL_OPEN);
        assertThat(this.redisCalls).hasValue(0);
    }

}
