package io.cometgate.gateway.config;

import java.time.Duration;

import io.cometgate.gateway.client.RetrySettings;

/**
 * Retries of failed CometChat calls: only connection errors and 5xx answers, with exponential backoff and jitter.
 * Never a 4xx (429 included) or a timeout.
 */
public class RetryProperties {

    /** Most attempts of one CometChat call, the first included; 1 turns retries off. */
    private int maxAttempts = 3;

    /** Delay before the first retry; each further retry doubles it, up to max-backoff. */
    private Duration firstBackoff = Duration.ofMillis(100);

    /** Longest delay between two attempts. */
    private Duration maxBackoff = Duration.ofSeconds(1);

    /**
     * How far each delay may randomly stray, as a share of it from 0 to 1, so that replicas that failed together
     * do not retry together.
     */
    private double jitter = 0.5;

    /**
     * Bound on one CometChat call, every attempt and delay included; past it the call fails (a request answers
     * 504). Unset, cometchat.request-timeout, which bounds all calls of a gateway request together: set it only
     * below that, to leave a request's later calls time of their own. Each attempt is also bounded by
     * connect-timeout plus response-timeout.
     */
    private Duration maxTotalTime;

    public int getMaxAttempts() {
        return this.maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getFirstBackoff() {
        return this.firstBackoff;
    }

    public void setFirstBackoff(Duration firstBackoff) {
        this.firstBackoff = firstBackoff;
    }

    public Duration getMaxBackoff() {
        return this.maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public double getJitter() {
        return this.jitter;
    }

    public void setJitter(double jitter) {
        this.jitter = jitter;
    }

    public Duration getMaxTotalTime() {
        return this.maxTotalTime;
    }

    public void setMaxTotalTime(Duration maxTotalTime) {
        this.maxTotalTime = maxTotalTime;
    }

    /**
     * These settings for the client; call only once validated.
     * @param requestTimeout {@code cometchat.request-timeout}, the bound when max-total-time is unset
     */
    public RetrySettings toSettings(Duration requestTimeout) {
        return new RetrySettings(this.maxAttempts, this.firstBackoff, this.maxBackoff, this.jitter,
                (this.maxTotalTime != null) ? this.maxTotalTime : requestTimeout);
    }

}
