package io.cometgate.gateway.internal.ratelimit;

import io.cometgate.gateway.config.RedisFailurePolicy;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

/**
 * The per-user limit: one bucket per CometChat app, policy and UID (never per IP: many users share an IP, and one
 * user has many), shared by all replicas through the {@link RateLimitStore}.
 */
public final class PerUserRateLimiter {

    private final RateLimitStore store;

    private final String keyPrefix;

    /**
     * @param store where buckets live
     * @param keyPrefix the prefix of every key, such as {@code cometgate:rl:}
     */
    public PerUserRateLimiter(RateLimitStore store, String keyPrefix) {
        Assert.notNull(store, "store cannot be null");
        Assert.notNull(keyPrefix, "keyPrefix cannot be null");
        this.store = store;
        this.keyPrefix = keyPrefix;
    }

    /**
     * Takes one request from the user's bucket.
     * @param appId the CometChat app
     * @param uid the caller's UID
     * @param policy the route's per-user limits
     * @param onRedisFailure the route's Redis failure policy
     * @return the bucket's answer
     */
    public Mono<LimitProbe> consume(String appId, String uid, LimitPolicy policy, RedisFailurePolicy onRedisFailure) {
        return this.store.tryConsume(this.keyPrefix + appId + ":user:" + policy.fingerprint() + ":" + uid, policy,
                onRedisFailure);
    }

}
