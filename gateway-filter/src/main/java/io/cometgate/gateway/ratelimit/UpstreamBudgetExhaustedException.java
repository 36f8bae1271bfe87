package io.cometgate.gateway.ratelimit;

import java.time.Duration;

/**
 * The CometChat app's upstream budget, shared by all replicas, is spent for now: the call was not sent. Answered with
 * 503: it is not the caller's fault.
 */
public final class UpstreamBudgetExhaustedException extends RuntimeException {

    private final Duration retryAfter;

    public UpstreamBudgetExhaustedException(String appId, Duration retryAfter) {
        super("The upstream budget of CometChat app " + appId + " is spent", null, false, false);
        this.retryAfter = retryAfter;
    }

    /** When the budget has room again. */
    public Duration getRetryAfter() {
        return this.retryAfter;
    }

}
