package io.cometgate.gateway.internal.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.util.Assert;

/**
 * Lets a log line through at most once per interval and key (say, per CometChat app), so that a condition every
 * request meets is told to the operator without flooding the log.
 */
final class LogThrottle {

    private final Duration interval;

    private final Clock clock;

    private final Map<String, Long> lastLoggedMillis = new ConcurrentHashMap<>();

    LogThrottle(Duration interval, Clock clock) {
        Assert.notNull(interval, "interval cannot be null");
        Assert.notNull(clock, "clock cannot be null");
        this.interval = interval;
        this.clock = clock;
    }

    /** Whether to log for {@code key} now; when it says yes, it says no for the rest of the interval. */
    boolean tryAcquire(String key) {
        long now = this.clock.millis();
        boolean[] acquired = { false };
        this.lastLoggedMillis.compute(key, (k, last) -> {
            if (last == null || now - last >= this.interval.toMillis()) {
                acquired[0] = true;
                return now;
            }
            return last;
        });
        return acquired[0];
    }

}
