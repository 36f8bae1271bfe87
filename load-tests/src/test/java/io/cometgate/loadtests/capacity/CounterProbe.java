package io.cometgate.loadtests.capacity;

import java.util.Map;
import java.util.Optional;

import io.cometgate.loadtests.support.EmulatorCounters;

/**
 * Reads Redis's command counts and the emulator's call counts between two phases: the reading closes the phase
 * before and opens the phase after. A counter that cannot be read leaves the phase's figure unmeasured; it never
 * fails the run.
 */
public final class CounterProbe {

    private final Optional<RedisCommandStats> redis;

    private final Optional<EmulatorCounters> emulator;

    public CounterProbe(Optional<String> redisUrl, Optional<String> emulatorUrl) {
        this.redis = RedisCommandStats.of(redisUrl);
        this.emulator = emulatorUrl.map(EmulatorCounters::new);
    }

    /** Reads both counters; the phases may be {@code null} (before the first, after the last). */
    public void between(Phase previous, Phase next) {
        Map<String, Long> redisCounts = readRedis();
        Map<String, Long> upstreamCounts = readEmulator();
        if (previous != null) {
            previous.redisAfter = redisCounts;
            previous.upstreamAfter = upstreamCounts;
        }
        if (next != null) {
            next.redisBefore = redisCounts;
            next.upstreamBefore = upstreamCounts;
        }
    }

    private Map<String, Long> readRedis() {
        try {
            return this.redis.isPresent() ? this.redis.get().read() : null;
        }
        catch (Exception ex) {
            System.out.println("Could not read INFO commandstats from " + this.redis.get() + ": " + ex);
            return null;
        }
    }

    private Map<String, Long> readEmulator() {
        try {
            return this.emulator.isPresent() ? this.emulator.get().read() : null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
        catch (Exception ex) {
            System.out.println("Could not read " + this.emulator.get().uri() + ": " + ex);
            return null;
        }
    }

    @Override
    public String toString() {
        return "Redis " + this.redis.map(Object::toString).orElse("(not read)") + ", emulator "
                + this.emulator.map((e) -> e.uri().toString()).orElse("(not read)");
    }

}
