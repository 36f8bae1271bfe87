package io.cometgate.gateway.config;

import java.time.Duration;

/**
 * How CometGate uses Redis (where Redis is: {@code spring.data.redis.*}), for all it shares through it: limits,
 * token cache, mint lock, pauses.
 */
public class RedisUsageProperties {

    /**
     * Most a command waits for Redis's answer, counted from when it is sent; a slower answer is a failure (a
     * cache miss, a local rate-limit decision, no pause).
     */
    private Duration commandTimeout = Duration.ofMillis(250);

    /** After a Redis failure, how long every use of Redis decides without it before trying it again. */
    private Duration retryInterval = Duration.ofSeconds(2);

    /**
     * How long Redis must answer without a failure before an outage counts as over (one WARN when it starts, one
     * INFO when it ends, however often Redis flaps in between).
     */
    private Duration recoveryPeriod = Duration.ofSeconds(10);

    public Duration getCommandTimeout() {
        return this.commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    public Duration getRetryInterval() {
        return this.retryInterval;
    }

    public void setRetryInterval(Duration retryInterval) {
        this.retryInterval = retryInterval;
    }

    public Duration getRecoveryPeriod() {
        return this.recoveryPeriod;
    }

    public void setRecoveryPeriod(Duration recoveryPeriod) {
        this.recoveryPeriod = recoveryPeriod;
    }

}
