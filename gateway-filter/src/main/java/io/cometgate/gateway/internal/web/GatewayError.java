package io.cometgate.gateway.internal.web;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

import io.cometgate.gateway.internal.ratelimit.RateLimitHeaders;

/**
 * An error the gateway answers at the edge, as {@code {"error":{"code":...,"message":...}}}. Codes are stable: clients
 * may branch on them. Messages are for people and never contain a token, a key or an upstream body.
 *
 * @param status the HTTP status
 * @param code the stable error code
 * @param message what happened and, where the caller can act, what to do
 * @param retryAfter when to try again, sent as {@code Retry-After}; {@code null} for none
 */
public record GatewayError(HttpStatus status, String code, String message, Duration retryAfter) {

    public GatewayError {
        Assert.notNull(status, "status cannot be null");
        Assert.hasText(code, "code cannot be empty");
        Assert.hasText(message, "message cannot be empty");
    }

    public GatewayError(HttpStatus status, String code, String message) {
        this(status, code, message, null);
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, as {@code Retry-After} wants it. */
    public long retryAfterSeconds() {
        return (this.retryAfter != null) ? RateLimitHeaders.wholeSecondsUp(this.retryAfter) : 0;
    }

}
