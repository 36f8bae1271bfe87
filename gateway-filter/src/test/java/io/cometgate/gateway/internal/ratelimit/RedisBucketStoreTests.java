package io.cometgate.gateway.internal.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.RedisAvailability;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/** Bucket4j on a real Redis through {@link RedisBucketStore}: exact under concurrency, from several stores. */
class RedisBucketStoreTests {

    private static final LimitPolicy FIVE_AN_HOUR = LimitPolicy.of("test", List.of(LimitSpec.parse("5/1h")));

    private static LettuceConnector connector;

    @BeforeAll
    static void connect() {
        connector = RedisTestServer.shared().connector();
    }

    @AfterAll
    static void disconnect() {
        connector.destroy();
    }

    private static RedisBucketStore store() {
        SharedRedisConnection connection = new SharedRedisConnection(connector,
                new RedisAvailability(Duration.ZERO, Duration.ZERO, Clock.systemUTC()));
        return new RedisBucketStore(connection, Duration.ofSeconds(2), 16, true);
    }

    @Test
    void tryConsumeWhenSequentialThenExactlyCapacityAllowed() {
        RedisBucketStore store = store();
        String key = "test:" + UUID.randomUUID();
        List<Boolean> allowed = Flux.range(0, 8)
            .concatMap((i) -> store.tryConsume(key, FIVE_AN_HOUR))
            .map(LimitProbe::allowed)
            .collectList()
            .block(Duration.ofSeconds(10));
        assertThat(allowed).containsExactly(true, true, true, true, true, false, false, false);
    }

    @Test
    void tryConsumeWhenConcurrentFromSeveralStoresThenExactlyCapacityAllowed() {
        List<RedisBucketStore> stores = List.of(store(), store(), store());
        String key = "test:" + UUID.randomUUID();
        long allowed = Flux.range(0, 60)
            .flatMap((i) -> stores.get(i % 3).tryConsume(key, FIVE_AN_HOUR), 60)
            .filter(LimitProbe::allowed)
            .count()
            .block(Duration.ofSeconds(20));
        assertThat(allowed).isEqualTo(5);
    }

    @Test
    void tryConsumeWhenRefusedThenRetryAfterIsTheRefillTime() {
        RedisBucketStore store = store();
        String key = "test:" + UUID.randomUUID();
        LimitProbe last = Flux.range(0, 6).concatMap((i) -> store.tryConsume(key, FIVE_AN_HOUR)).last()
            .block(Duration.ofSeconds(10));
        assertThat(last.allowed()).isFalse();
        assertThat(last.retryAfter()).isBetween(Duration.ofMinutes(11), Duration.ofMinutes(12));
        assertThat(last.limits().get(0).remaining()).isZero();
    }

}
