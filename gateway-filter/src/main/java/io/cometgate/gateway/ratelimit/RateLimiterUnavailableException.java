package io.cometgate.gateway.ratelimit;

import java.time.Duration;

/** The limiter cannot decide (Redis is unreachable) and its policy is fail-closed. Answered with 503. */
public final class RateLimiterUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public RateLimiterUnavailableException(Duration retryAfter) {
        super("The rate limiter's Redis is unreachable and the policy is fail-closed", null, false, false);
        this.retryAfter = retryAfter;
    }

    /** When to try again. */
    public Duration getRetryAfter() {
        return this.retryAfter;
    }

}
