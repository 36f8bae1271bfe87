package io.cometgate.gateway.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import reactor.core.publisher.Mono;

import io.cometgate.gateway.internal.ratelimit.LimitPolicy;
import io.cometgate.gateway.internal.ratelimit.LimitProbe;
import io.cometgate.gateway.internal.ratelimit.LimitSpec;
import io.cometgate.gateway.internal.ratelimit.LocalBucketStore;
import io.cometgate.gateway.internal.ratelimit.RedisBucketStore;
import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.RedisAvailability;
import io.cometgate.gateway.internal.redis.RedisTarget;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.support.RedisTestServer;

/**
 * What a rate-limit decision costs, against baselines measured in the same run: a completed {@code Mono} awaited
 * the same way, and one Redis round trip ({@code PING}) on the same connection. Per-user decisions spread over many keys; the global upstream budget is one hot key hit by every
 * thread at once, with and without Bucket4j's batching. A real redis-server on loopback (started here unless
 * {@code REDIS_URL} is set). Run by hand, see load-tests/BENCHMARKS.md; never part of the build.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RateLimiterBenchmark {

    // Far more than the benchmark consumes: every call is a full decision, never an early refusal.
    private static final LimitPolicy POLICY = LimitPolicy.of("bench", List.of(LimitSpec.parse("1000000000/1h")));

    private static final LimitProbe PROBE = new LimitProbe(true, 1, Duration.ZERO, List.of());

    private RedisTestServer redis;

    private LettuceConnector connector;

    private RedisBucketStore batched;

    private RedisBucketStore unbatched;

    private LocalBucketStore local;

    private SharedRedisConnection connection;

    @Setup(Level.Trial)
    public void setUp() {
        this.redis = (System.getenv("REDIS_URL") != null) ? null : RedisTestServer.startDedicated();
        this.connector = new LettuceConnector(
                RedisTarget.url((this.redis != null) ? this.redis.url() : System.getenv("REDIS_URL")));
        this.connection = new SharedRedisConnection(this.connector,
                new RedisAvailability(Duration.ZERO, Duration.ZERO, Clock.systemUTC()));
        this.batched = new RedisBucketStore(this.connection, Duration.ofSeconds(2), 1000, true);
        this.unbatched = new RedisBucketStore(this.connection, Duration.ofSeconds(2), 1000, false);
        this.local = new LocalBucketStore(1_000_000, Duration.ofHours(1));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.connector.destroy();
        if (this.redis != null) {
            this.redis.close();
        }
    }

    private static String randomUser() {
        return "bench:user:" + ThreadLocalRandom.current().nextInt(10_000);
    }

    @Benchmark
    public LimitProbe baseline() {
        return Mono.just(PROBE).block();
    }

    /** One Redis round trip on the same connection: what a decision costs in round trips is this ratio. */
    @Benchmark
    public String redisPing() {
        return this.connection.call((c) -> c.ping()).block();
    }

    @Benchmark
    @Threads(8)
    public String redisPingEightThreads() {
        return redisPing();
    }

    @Benchmark
    public LimitProbe localPerUser() {
        return this.local.tryConsume(randomUser(), POLICY).block();
    }

    @Benchmark
    public LimitProbe redisPerUser() {
        return this.batched.tryConsume(randomUser(), POLICY).block();
    }

    @Benchmark
    @Threads(8)
    public LimitProbe baselineEightThreads() {
        return Mono.just(PROBE).block();
    }

    @Benchmark
    @Threads(8)
    public LimitProbe redisPerUserEightThreads() {
        return this.batched.tryConsume(randomUser(), POLICY).block();
    }

    @Benchmark
    @Threads(8)
    public LimitProbe redisHotKeyBatchedEightThreads() {
        return this.batched.tryConsume("bench:global:batched", POLICY).block();
    }

    @Benchmark
    @Threads(8)
    public LimitProbe redisHotKeyUnbatchedEightThreads() {
        return this.unbatched.tryConsume("bench:global:unbatched", POLICY).block();
    }

}
