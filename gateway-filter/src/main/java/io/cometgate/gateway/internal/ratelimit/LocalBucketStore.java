package io.cometgate.gateway.internal.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.LocalBucketBuilder;
import reactor.core.publisher.Mono;

import io.cometgate.gateway.internal.support.CallerThreadCaches;

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
        this.buckets = CallerThreadCaches.newBuilder().maximumSize(maximumBuckets).expireAfterAccess(idleTimeout).build();
    }

    @Override
    public Mono<LimitProbe> tryConsume(String key, LimitPolicy policy) {
        return tryConsume(key, policy, null);
    }

    /**
     * Takes one request; a new bucket starts where the shared bucket was last seen, not full.
     * @param key the bucket's key
     * @param policy the limits of a new bucket
     * @param lastShared the shared (Redis) bucket's last answer to this replica, or {@code null} if none
     * @return the bucket's answer
     */
    public Mono<LimitProbe> tryConsume(String key, LimitPolicy policy, LimitProbe lastShared) {
        return tryConsume(key, policy, lastShared, 1);
    }

    /**
     * Takes one request from a bucket that holds this replica's share of the limits: with {@code replicas}
     * replicas deciding without Redis at once, each refills at {@code 1/replicas} of each limit's rate and holds at
     * most {@code 1/replicas} of its capacity (rounded up), so that together they allow about what one shared
     * bucket would, however long Redis is away. A new bucket starts where the shared bucket was last seen (within
     * the share), not full.
     * @param key the bucket's key
     * @param policy the limits (the answer's headers name these, not the share)
     * @param lastShared the shared (Redis) bucket's last answer to this replica, or {@code null} if none
     * @param replicas how many replicas share the limits; 1 or more
     * @return the bucket's answer
     */
    public Mono<LimitProbe> tryConsume(String key, LimitPolicy policy, LimitProbe lastShared, int replicas) {
        int share = Math.max(1, replicas);
        return Mono.fromSupplier(() -> {
            Bucket bucket = this.buckets.get(key, (k) -> (lastShared != null || share > 1)
                    ? seededBucket(policy, lastShared, share) : newBucket(policy));
            return LimitProbe.from(bucket.asVerbose().tryConsumeAndReturnRemaining(1), policy);
        });
    }

    @Override
    public Mono<Void> charge(String key, LimitPolicy policy, long requests) {
        return Mono.fromRunnable(() -> this.buckets.get(key, (k) -> newBucket(policy)).consumeIgnoringRateLimits(requests));
    }

    /**
     * Forgets a bucket: the shared store decides for this key again, and the next local bucket must start from the
     * shared bucket's newer state, not from this one's.
     * @param key the bucket's key
     */
    public void forget(String key) {
        this.buckets.invalidate(key);
    }

    // Each limit starts with what the shared bucket had left (a user who spent the limit in Redis gets nothing more
    // locally; conservative: the refill since that answer is not credited), within this replica's share.
    private static Bucket seededBucket(LimitPolicy policy, LimitProbe lastShared, int share) {
        LocalBucketBuilder builder = Bucket.builder();
        for (int i = 0; i < policy.limits().size(); i++) {
            LimitSpec spec = policy.limits().get(i);
            long capacity = ceilDiv(spec.capacity(), share);
            long left = (lastShared != null && i < lastShared.limits().size())
                    ? lastShared.limits().get(i).remaining() : capacity;
            // spec.capacity() per share x period: 1/share of the limit's rate.
            BandwidthBuilder.BandwidthBuilderBuildStage bandwidth = Bandwidth.builder()
                .capacity(capacity)
                .refillGreedy(spec.capacity(), spec.period().multipliedBy(share));
            builder.addLimit(bandwidth.initialTokens(Math.max(0, Math.min(capacity, left))).build());
        }
        return builder.build();
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    private static Bucket newBucket(LimitPolicy policy) {
        LocalBucketBuilder builder = Bucket.builder();
        for (Bandwidth bandwidth : policy.bucketConfiguration().getBandwidths()) {
            builder.addLimit(bandwidth);
        }
        return builder.build();
    }

}
