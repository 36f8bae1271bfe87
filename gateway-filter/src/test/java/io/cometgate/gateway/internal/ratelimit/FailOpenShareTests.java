package io.cometgate.gateway.internal.ratelimit;

import io.cometgate.gateway.config.RedisFailurePolicy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.RedisAvailability;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fail-open over a long outage: two replicas' limit stores (Redis, local buckets, the replicas seen in Redis) on one
 * real redis-server, a limit of {@code 6/2s}, one user asking on both replicas every 50 ms while Redis is paused for
 * six windows ({@code CLIENT PAUSE 12000}). Each replica takes half the rate, so the two together allow no more
 * than one shared bucket would (plus each replica's starting share, once), and the charge-back after the pause
 * leaves the user allowed again within one refill, not locked out for the outage's length.
 */
class FailOpenShareTests {

    private static final LimitPolicy SIX_PER_TWO_SECONDS = LimitPolicy.of("per-user", List.of(LimitSpec.parse("6/2s")));

    private static final Duration PAUSE = Duration.ofSeconds(12);

    private final RedisTestServer server = RedisTestServer.startDedicated();

    private final List<LettuceConnector> connectors = new ArrayList<>();

    private final List<ReplicasSeenInRedis> registrations = new ArrayList<>();

    @AfterEach
    void stop() {
        this.registrations.forEach(ReplicasSeenInRedis::destroy);
        this.connectors.forEach(LettuceConnector::destroy);
        this.server.close();
    }

    @Test
    void redisPausedForSixWindowsThenTwoReplicasAllowNoMoreThanOneSharedBucketAndNobodyIsLockedOutAfter() {
        ResilientBucketStore first = replica();
        ResilientBucketStore second = replica();
        // Registered before the pause, as running replicas are: each has seen both (the first one's second
        // registration counts the second replica).
        for (int round = 0; round < 2; round++) {
            this.registrations.forEach((registration) -> registration.refresh().block(Duration.ofSeconds(10)));
        }
        assertThat(this.registrations).allSatisfy((registration) -> assertThat(registration.replicas()).isEqualTo(2));
        String key = "limit:" + UUID.randomUUID();
        // Before the pause: the user is seen by both replicas, and spends 2 of the 6.
        assertThat(first.tryConsume(key, SIX_PER_TWO_SECONDS, RedisFailurePolicy.FAIL_OPEN).block().allowed()).isTrue();
        assertThat(second.tryConsume(key, SIX_PER_TWO_SECONDS, RedisFailurePolicy.FAIL_OPEN).block().allowed()).isTrue();

        RedisClient client = RedisClient.create(this.server.url());
        long allowedDuringPause;
        long started;
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            started = System.nanoTime();
            connection.async().clientPause(PAUSE.toMillis());
            allowedDuringPause = Flux.interval(Duration.ofMillis(50))
                // A decision that probes the paused Redis takes longer than a tick: skip the ticks meanwhile.
                .onBackpressureDrop()
                .takeWhile((tick) -> System.nanoTime() - started < PAUSE.toNanos())
                .concatMap((tick) -> Flux.merge(first.tryConsume(key, SIX_PER_TWO_SECONDS, RedisFailurePolicy.FAIL_OPEN),
                        second.tryConsume(key, SIX_PER_TWO_SECONDS, RedisFailurePolicy.FAIL_OPEN)))
                .filter(LimitProbe::allowed)
                .count()
                .block(Duration.ofSeconds(60));
            // PING waits out the pause.
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        }
        finally {
            client.shutdown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // What one shared bucket allows over the pause: what was left (4) plus the refill, 3 a second.
        long shared = 4 + (long) Math.ceil(seconds * 3);
        System.out.println("fail-open over a " + seconds + " s pause, 2 replicas, 6/2s: allowed " + allowedDuringPause
                + " (one shared bucket: at most " + shared + ")");
        // Each replica starts with at most its share of the capacity (3), once.
        assertThat(allowedDuringPause).isLessThanOrEqualTo(shared + 2 * 3);

        // Back on Redis (each replica's first call probes it after the retry interval): the charge-back empties the
        // bucket at most, so the user is allowed again within one refill (a third of a second), not after ~12 s.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> Mono.zip(
                first.tryConsume(key, SIX_PER_TWO_SECONDS, RedisFailurePolicy.FAIL_OPEN),
                second.tryConsume(key, SIX_PER_TWO_SECONDS, RedisFailurePolicy.FAIL_OPEN))
            .map((both) -> both.getT1().allowed() || both.getT2().allowed())
            .block(Duration.ofSeconds(10)));
    }

    private ResilientBucketStore replica() {
        LettuceConnector connector = this.server.connector();
        this.connectors.add(connector);
        RedisAvailability availability = new RedisAvailability(Duration.ofMillis(500), Duration.ofSeconds(1),
                Clock.systemUTC());
        SharedRedisConnection connection = new SharedRedisConnection(connector, availability);
        ReplicasSeenInRedis replicas = new ReplicasSeenInRedis(connection, "limit:replicas", Duration.ofSeconds(5));
        this.registrations.add(replicas);
        return new ResilientBucketStore(new RedisBucketStore(connection, Duration.ofMillis(300), 16, true),
                new LocalBucketStore(1000, Duration.ofHours(1)), availability, 1000, Duration.ofHours(1),
                new SimpleMeterRegistry(), replicas::replicas);
    }

}
