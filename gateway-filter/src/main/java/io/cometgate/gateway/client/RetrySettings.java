package io.cometgate.gateway.client;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How {@link CometChatClient} retries a call that failed on CometChat's side or on the way to it: exponential backoff
 * with jitter, bounded in attempts and in total time.
 * <p>
 * Only connection errors and 5xx answers are retried: they are usually over by the next attempt. A 4xx (429 included)
 * would be answered the same way again, and a timeout has already spent the caller's patience, so neither is.
 *
 * @param maxAttempts the most attempts of one call, the first included; {@code 1} turns retries off
 * @param firstBackoff the delay before the first retry; each further retry doubles it
 * @param maxBackoff the longest delay between two attempts
 * @param jitter how far each delay may randomly stray, as a share of it from {@code 0} to {@code 1}, so that
 * replicas that failed together do not retry together
 * @param maxTotalTime the bound on one whole call, every attempt and delay included; past it the call fails with a
 * {@link CometChatTimeoutException}
 */
public record RetrySettings(int maxAttempts, Duration firstBackoff, Duration maxBackoff, double jitter,
        Duration maxTotalTime) {

    /** Three attempts, about 100 ms then 200 ms apart (give or take half), at most 10 seconds in all. */
    public static final RetrySettings DEFAULTS = new RetrySettings(3, Duration.ofMillis(100), Duration.ofSeconds(1),
            0.5, Duration.ofSeconds(10));

    public RetrySettings {
        Assert.isTrue(maxAttempts >= 1, "maxAttempts must be at least 1");
        Assert.isTrue(firstBackoff != null && firstBackoff.compareTo(Duration.ZERO) > 0,
                "firstBackoff must be positive");
        Assert.isTrue(maxBackoff != null && maxBackoff.compareTo(firstBackoff) >= 0,
                "maxBackoff must be at least firstBackoff");
        Assert.isTrue(jitter >= 0 && jitter <= 1, "jitter must be between 0 and 1");
        Assert.isTrue(maxTotalTime != null && maxTotalTime.compareTo(Duration.ZERO) > 0,
                "maxTotalTime must be positive");
    }

    /** Whether a failed call is tried again at all. */
    public boolean retries() {
        return this.maxAttempts > 1;
    }

    /** These settings with a total bound of at least {@code minimum}. */
    public RetrySettings withMaxTotalTimeAtLeast(Duration minimum) {
        return (this.maxTotalTime.compareTo(minimum) >= 0) ? this
                : new RetrySettings(this.maxAttempts, this.firstBackoff, this.maxBackoff, this.jitter, minimum);
    }

}
