package io.cometgate.gateway.ratelimit;

import java.time.Duration;

/** The caller's own limit is spent. Answered with 429 and {@code Retry-After}. */
public final class UserRateLimitedException extends RuntimeException {

    private final Duration retryAfter;

    public UserRateLimitedException(Duration retryAfter) {
        super("Per-user rate limit exceeded", null, false, false);
        this.retryAfter = retryAfter;
    }

    /** When the caller may try again. */
    public Duration getRetryAfter() {
        return this.retryAfter;
    }

}
