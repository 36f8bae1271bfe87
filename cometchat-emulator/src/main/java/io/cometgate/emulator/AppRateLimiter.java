package io.cometgate.emulator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An app-wide limit on {@code /v3} calls over a fixed one-minute window, like CometChat's per-app limits, with a
 * configurable {@code Retry-After} so tests can check that a client honours it.
 *
 * <p>The window opens with the first call after {@link #configure}, not on the wall-clock minute, so a test that
 * makes {@code limit + 1} quick calls is never split across two windows. The state is one atomic reference updated
 * by compare-and-swap: no lock on the hot path, and nothing at all to do while the limit is off.
 *
 * <p>A rejected call answers {@code 429 ERR_TOO_MANY_REQUESTS} with {@code Retry-After} in seconds and
 * {@code X-Rate-Limit-Reset} in unix seconds; both say the same moment ({@code now + retryAfter}). When no
 * {@code retryAfter} is given the moment is the end of the current window.
 */
final class AppRateLimiter {

    static final long WINDOW_MILLIS = 60_000;

    /** The configured limit; {@code perMinute == 0} means off. */
    record Limit(int perMinute, Duration retryAfter) {

        static final Limit OFF = new Limit(0, null);

        boolean enabled() {
            return this.perMinute > 0;
        }
    }

    /** The outcome for one call, with what the rate-limit headers should say. */
    record Decision(boolean allowed, int limit, int remaining, long retryAfterSeconds, long resetEpochSeconds) {

        static final Decision UNLIMITED = new Decision(true, 0, 0, 0, 0);

        boolean limited() {
            return this.limit > 0;
        }
    }

    private record Window(long startMillis, int count) {
    }

    private volatile Limit limit = Limit.OFF;

    private final AtomicReference<Window> window = new AtomicReference<>();

    /**
     * Sets the limit; {@code callsPerMinute == 0} turns it off. A null or zero {@code retryAfter} means "until the
     * window ends". Starts a fresh window.
     */
    void configure(int callsPerMinute, Duration retryAfter) {
        if (callsPerMinute < 0) {
            throw new IllegalArgumentException("callsPerMinute must be zero (off) or positive, was " + callsPerMinute);
        }
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
        this.limit = (callsPerMinute == 0) ? Limit.OFF : new Limit(callsPerMinute, retryAfter);
        this.window.set(null);
    }

    Limit limit() {
        return this.limit;
    }

    Decision acquire(long nowMillis) {
        Limit current = this.limit;
        if (!current.enabled()) {
            return Decision.UNLIMITED;
        }
        Window w = this.window.updateAndGet((existing) -> (existing == null
                || nowMillis - existing.startMillis() >= WINDOW_MILLIS) ? new Window(nowMillis, 1)
                        : new Window(existing.startMillis(), existing.count() + 1));
        long windowEndMillis = w.startMillis() + WINDOW_MILLIS;
        if (w.count() <= current.perMinute()) {
            return new Decision(true, current.perMinute(), current.perMinute() - w.count(), 0,
                    ceilSeconds(windowEndMillis));
        }
        long retryAfterSeconds = (current.retryAfter() != null && !current.retryAfter().isZero())
                ? ceilSeconds(current.retryAfter().toMillis()) : ceilSeconds(windowEndMillis - nowMillis);
        return new Decision(false, current.perMinute(), 0, retryAfterSeconds,
                nowMillis / 1000 + retryAfterSeconds);
    }

    void reset() {
        configure(0, null);
    }

    private static long ceilSeconds(long millis) {
        return (millis + 999) / 1000;
    }
}
