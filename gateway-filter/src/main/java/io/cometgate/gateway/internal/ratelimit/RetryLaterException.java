package io.cometgate.gateway.internal.ratelimit;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * A request refused for now, not for good: the caller may try again after {@link #getRetryAfter()}. One type for
 * every such refusal; the {@link Reason} says which, and carries the status, the stable error code and the message
 * the caller is answered with (with {@code Retry-After}).
 */
public final class RetryLaterException extends RuntimeException {

    /** Why the request must wait. */
    public enum Reason {

        /** The caller's own limit is spent: 429, the caller's doing. */
        USER_RATE_LIMITED(429, "RATE_LIMITED", "Too many token requests. Try again after the Retry-After delay."),

        /** The app's budget of CometChat calls, shared by all replicas, is spent: 503, not the caller's fault. */
        UPSTREAM_BUDGET_EXHAUSTED(503, "UPSTREAM_BUDGET_EXHAUSTED",
                "The chat service is busy. Try again after the Retry-After delay."),

        /** CometChat answered 429 recently and every replica holds its calls to the app: 503. */
        UPSTREAM_PAUSED(503, "COMETCHAT_RATE_LIMITED", "CometChat is busy. Try again after the Retry-After delay."),

        /** The limiter cannot decide (Redis is unreachable) and its policy is fail-closed: 503. */
        RATE_LIMITER_UNAVAILABLE(503, "RATE_LIMITER_UNAVAILABLE",
                "The gateway cannot check rate limits right now. Try again after the Retry-After delay.");

        private final int status;

        private final String code;

        private final String message;

        Reason(int status, String code, String message) {
            this.status = status;
            this.code = code;
            this.message = message;
        }

        /** The HTTP status answered. */
        public int status() {
            return this.status;
        }

        /** The stable error code answered (one of {@code web.ErrorCodes}). */
        public String code() {
            return this.code;
        }

        /** The message answered to the caller: what to do next. */
        public String message() {
            return this.message;
        }

    }

    private final Reason reason;

    private final Duration retryAfter;

    /**
     * @param reason why the request must wait
     * @param detail what happened, for operators (never a token or key)
     * @param retryAfter when to try again
     */
    public RetryLaterException(Reason reason, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        Assert.notNull(reason, "reason cannot be null");
        Assert.notNull(retryAfter, "retryAfter cannot be null");
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    /** Why the request must wait. */
    public Reason getReason() {
        return this.reason;
    }

    /** When to try again. */
    public Duration getRetryAfter() {
        return this.retryAfter;
    }

}
