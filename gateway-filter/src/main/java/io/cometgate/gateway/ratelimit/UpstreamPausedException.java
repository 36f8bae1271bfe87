package io.cometgate.gateway.ratelimit;

import java.time.Duration;

/**
 * CometChat answered 429 to one of the replicas recently, and every replica holds its calls to that app until the
 * advertised {@code Retry-After} has passed. The call was not sent. Answered with 503 and {@code Retry-After}.
 */
public final class UpstreamPausedException extends RuntimeException {

    private final Duration retryAfter;

    public UpstreamPausedException(String appId, Duration retryAfter) {
        super("Calls to CometChat app " + appId + " are paused after a 429", null, false, false);
        this.retryAfter = retryAfter;
    }

    /** When calls resume. */
    public Duration getRetryAfter() {
        return this.retryAfter;
    }

}
