package io.cometgate.gateway.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.LocalBucketBuilder;
import reactor.core.publisher.Mono;

/**
 * Buckets in this replica's memory: the fallback while Redis is unreachable, and the store when the application has
 * no Redis at all. Bounded in number, and a bucket idle for longer than any period refills to full anyway, so it is
 * dropped then.
 */
public final class LocalBucketStore implements BucketStore {

    private final Cache<String, Bucket> buckets;

    /**
     * @param maximumBuckets the most buckets kept (least recently used ones go first)
     * @param idleTimeout how long an unused bucket is kept; at least the longest period of any limit
     */
    public LocalBucketStore(long maximumBuckets, Duration idleTimeout) {
        this.buckets = Caffeine.newBuilder().maximumSize(maximumBuckets).expireAfterAccess(idleTimeout).build();
    }

    @Override
    public Mono<LimitProbe> tryConsume(String key, LimitPolicy policy) {
        return Mono.fromSupplier(() -> {
            Bucket bucket = this.buckets.get(key, (k) -> newBucket(policy));
            return LimitProbe.from(bucket.asVerbose().tryConsumeAndReturnRemaining(1), policy);
        });
    }

    private static Bucket newBucket(LimitPolicy policy) {
        LocalBucketBuilder builder = Bucket.builder();
        for (Bandwidth bandwidth : policy.bucketConfiguration().getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return builder.build();
    }

}
