package io.cometgate.gateway.config;

import java.time.Duration;

/**
 * Rate limits. Per user: every token request of a UID, across all replicas. Upstream budget: every call to
 * CometChat of the app, across all replicas.
 */
public class RateLimitProperties {

    /** Whether to enforce the limits at all (false turns off both the per-user limits and the upstream budget). */
    private boolean enabled = true;

    /** Whether each user's requests are limited (per-user); a route can override it (perUserLimitsEnabled). */
    private boolean perUserEnabled = true;

    /**
     * Limits of each user, all of which must allow a request: capacity/period, comma separated. The default lets
     * a user open ten tabs in a minute but not script a token loop, and stays far below the 100 active tokens
     * CometChat keeps per user.
     */
    private String perUser = "10/1m, 60/1h";

    /** Whether the calls to CometChat are limited by the upstream budget. */
    private boolean upstreamBudgetEnabled = true;

    /**
     * Calls to CometChat per app and period, shared by all replicas. The default is a fifth of CometChat's 10,000
     * core operations per minute, leaving room for the app's other servers.
     */
    private String upstreamBudget = "2000/1m";

    /**
     * Whether each replica spaces its calls to CometChat when CometChat's rate-limit headers say little of the app's
     * limit is left (upstream-slowdown-threshold).
     */
    private boolean upstreamSlowdownEnabled = true;

    /**
     * Share of the app's CometChat limit left (X-RateLimit-Remaining-For-App over X-RateLimit-Limit-For-App) under
     * which each replica spaces its calls so that the rest lasts the minute, before CometChat answers 429. Above 0
     * and below 1.
     */
    private double upstreamSlowdownThreshold = 0.1;

    /** What the limits do while Redis cannot be reached: fail-open or fail-closed. */
    private RedisFailurePolicy redisFailure = RedisFailurePolicy.FAIL_OPEN;

    /**
     * Bound on one Redis rate-limit decision, compare-and-swap retries included (Bucket4j's request timeout: each
     * command's wait for Redis counts, from when it is sent).
     */
    private Duration redisTimeout = Duration.ofMillis(250);

    /** Most compare-and-swap retries of one request on a contended bucket. */
    private int redisMaxRetries = 16;

    /** Prefix of every rate-limit key in Redis. */
    private String keyPrefix = "cometgate:rl:";

    /** Most buckets each replica keeps in memory when deciding without Redis. */
    private long localMaxBuckets = 100_000;

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isPerUserEnabled() {
        return this.perUserEnabled;
    }

    public void setPerUserEnabled(boolean perUserEnabled) {
        this.perUserEnabled = perUserEnabled;
    }

    public boolean isUpstreamBudgetEnabled() {
        return this.upstreamBudgetEnabled;
    }

    public void setUpstreamBudgetEnabled(boolean upstreamBudgetEnabled) {
        this.upstreamBudgetEnabled = upstreamBudgetEnabled;
    }

    public String getPerUser() {
        return this.perUser;
    }

    public void setPerUser(String perUser) {
        this.perUser = perUser;
    }

    public String getUpstreamBudget() {
        return this.upstreamBudget;
    }

    public void setUpstreamBudget(String upstreamBudget) {
        this.upstreamBudget = upstreamBudget;
    }

    public boolean isUpstreamSlowdownEnabled() {
        return this.upstreamSlowdownEnabled;
    }

    public void setUpstreamSlowdownEnabled(boolean upstreamSlowdownEnabled) {
        this.upstreamSlowdownEnabled = upstreamSlowdownEnabled;
    }

    public double getUpstreamSlowdownThreshold() {
        return this.upstreamSlowdownThreshold;
    }

    public void setUpstreamSlowdownThreshold(double upstreamSlowdownThreshold) {
        this.upstreamSlowdownThreshold = upstreamSlowdownThreshold;
    }

    public RedisFailurePolicy getRedisFailure() {
        return this.redisFailure;
    }

    public void setRedisFailure(RedisFailurePolicy redisFailure) {
        this.redisFailure = redisFailure;
    }

    public Duration getRedisTimeout() {
        return this.redisTimeout;
    }

    public void setRedisTimeout(Duration redisTimeout) {
        this.redisTimeout = redisTimeout;
    }

    public int getRedisMaxRetries() {
        return this.redisMaxRetries;
    }

    public void setRedisMaxRetries(int redisMaxRetries) {
        this.redisMaxRetries = redisMaxRetries;
    }

    public String getKeyPrefix() {
        return this.keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public long getLocalMaxBuckets() {
        return this.localMaxBuckets;
    }

    public void setLocalMaxBuckets(long localMaxBuckets) {
        this.localMaxBuckets = localMaxBuckets;
    }

}
