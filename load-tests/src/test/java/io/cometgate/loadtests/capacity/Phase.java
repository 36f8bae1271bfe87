package io.cometgate.loadtests.capacity;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.gatling.javaapi.core.Session;

/**
 * One measured phase: one route at one closed-model concurrency. Records every request it sends (start and end, in
 * nanoseconds, and whether it passed its checks) and the Redis and CometChat counters read right before and right
 * after it, so that its throughput, latencies, Redis commands and upstream calls are its own.
 * <p>
 * Throughput and latencies are taken over the requests that completed after the first {@code settle} of the phase:
 * the concurrency is still rising then.
 */
public final class Phase {

    private static final String START = "phaseStartNanos";

    public final String route;

    public final int concurrency;

    public final boolean overload;

    /** 0 in the sweep over concurrency levels; 1, 2, ... for the alternating rounds at one level. */
    public final int round;

    /** Whether the other route runs at the same time (a round with both routes loaded at once). */
    public final boolean together;

    private final long settleNanos;

    private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);

    private long[] starts = new long[1 << 14];

    private long[] ends = new long[1 << 14];

    private int size;

    private int failures;

    public Map<String, Long> redisBefore;

    public Map<String, Long> redisAfter;

    public Map<String, Long> upstreamBefore;

    public Map<String, Long> upstreamAfter;

    public Phase(String route, int concurrency, boolean overload, long settleNanos) {
        this(route, concurrency, overload, settleNanos, 0);
    }

    public Phase(String route, int concurrency, boolean overload, long settleNanos, int round) {
        this(route, concurrency, overload, settleNanos, round, false);
    }

    public Phase(String route, int concurrency, boolean overload, long settleNanos, int round, boolean together) {
        this.together = together;
        this.route = route;
        this.concurrency = concurrency;
        this.overload = overload;
        this.settleNanos = settleNanos;
        this.round = round;
    }

    public String name() {
        return this.route + " x" + this.concurrency + ((this.round > 0) ? " round " + this.round : "")
                + (this.together ? " (both)" : "") + (this.overload ? " (overload)" : "");
    }

    public Session start(Session session) {
        long now = System.nanoTime();
        this.firstStart.accumulateAndGet(now, Math::min);
        return session.set(START, now);
    }

    public Session end(Session session) {
        long end = System.nanoTime();
        long start = session.getLong(START);
        synchronized (this) {
            if (session.isFailed()) {
                this.failures++;
                return session;
            }
            if (this.size == this.starts.length) {
                this.starts = Arrays.copyOf(this.starts, this.size * 2);
                this.ends = Arrays.copyOf(this.ends, this.size * 2);
            }
            this.starts[this.size] = start;
            this.ends[this.size] = end;
            this.size++;
        }
        return session;
    }

    public synchronized Result result() {
        long windowStart = this.firstStart.get() + this.settleNanos;
        long windowEnd = Long.MIN_VALUE;
        int counted = 0;
        long[] latencies = new long[this.size];
        for (int i = 0; i < this.size; i++) {
            if (this.ends[i] >= windowStart) {
                latencies[counted++] = this.ends[i] - this.starts[i];
                windowEnd = Math.max(windowEnd, this.ends[i]);
            }
        }
        latencies = Arrays.copyOf(latencies, counted);
        Arrays.sort(latencies);
        double seconds = (counted == 0) ? 0 : (windowEnd - windowStart) / 1e9;
        double throughput = (seconds > 0) ? counted / seconds : 0;
        return new Result(this, this.size + this.failures, this.failures, throughput, percentileMillis(latencies, 50),
                percentileMillis(latencies, 99), growth(this.redisBefore, this.redisAfter),
                total(growth(this.upstreamBefore, this.upstreamAfter)));
    }

    private static double percentileMillis(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static Map<String, Long> growth(Map<String, Long> before, Map<String, Long> after) {
        if (before == null || after == null) {
            return null;
        }
        Map<String, Long> growth = new HashMap<>();
        after.forEach((name, count) -> {
            long delta = count - before.getOrDefault(name, 0L);
            if (delta != 0) {
                growth.put(name, delta);
            }
        });
        return growth;
    }

    private static Long total(Map<String, Long> upstreamGrowth) {
        return (upstreamGrowth == null) ? null : upstreamGrowth.getOrDefault("total", 0L);
    }

    /**
     * @param requests requests sent, failed ones included
     * @param failures requests that failed a check
     * @param throughput passed requests per second in the measured window
     * @param p50Millis median latency in the window
     * @param p99Millis 99th percentile in the window
     * @param redisCommands Redis commands executed during the phase, by name; {@code null} if not measured
     * @param upstreamCalls CometChat calls during the phase; {@code null} if not measured
     */
    public record Result(Phase phase, long requests, long failures, double throughput, double p50Millis, double p99Millis,
            Map<String, Long> redisCommands, Long upstreamCalls) {

        public long redisCommandTotal() {
            return (this.redisCommands == null) ? 0 : this.redisCommands.values().stream().mapToLong(Long::longValue).sum();
        }

    }

}
