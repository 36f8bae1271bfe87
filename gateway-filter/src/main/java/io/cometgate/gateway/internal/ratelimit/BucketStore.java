package io.cometgate.gateway.internal.ratelimit;

import reactor.core.publisher.Mono;

/** Where buckets live: takes one request from the bucket at {@code key}, created with {@code policy} if new. */
public interface BucketStore {

    /**
     * @param key the bucket's key
     * @param policy the limits of a new bucket
     * @return the bucket's answer, or an error when the store cannot be reached
     */
    Mono<LimitProbe> tryConsume(String key, LimitPolicy policy);

    /**
     * Charges the bucket for requests that were allowed elsewhere, even past empty.
     * @param key the bucket's key
     * @param policy the limits of a new bucket
     * @param requests how many requests to charge
     * @return completes when charged, or an error when the store cannot be reached or cannot charge
     */
    default Mono<Void> charge(String key, LimitPolicy policy, long requests) {
        return Mono.error(new UnsupportedOperationException("This store cannot charge requests"));
    }

}
