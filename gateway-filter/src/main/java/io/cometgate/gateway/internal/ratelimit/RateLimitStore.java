package io.cometgate.gateway.internal.ratelimit;

import io.cometgate.gateway.config.RedisFailurePolicy;

import reactor.core.publisher.Mono;

/**
 * Decides limits: {@link ResilientBucketStore} across replicas through Redis, or a {@link LocalBucketStore} per
 * replica when the application has no Redis.
 */
@FunctionalInterface
public interface RateLimitStore {

    /**
     * @param key the bucket's key
     * @param policy the limits
     * @param onRedisFailure what to do when the shared store cannot be reached
     * @return the bucket's answer
     */
    Mono<LimitProbe> tryConsume(String key, LimitPolicy policy, RedisFailurePolicy onRedisFailure);

}
