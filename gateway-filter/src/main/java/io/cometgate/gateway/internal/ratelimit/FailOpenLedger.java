package io.cometgate.gateway.internal.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;

import io.cometgate.gateway.internal.support.CallerThreadCaches;

/**
 * What this replica knows of each shared bucket while decisions move between Redis and its local buckets, so that
 * fail-open never grants a user both allowances: the shared bucket's last answer (a local bucket starts from it, not
 * full), and the requests allowed locally that Redis has not been charged for yet (charged at the key's next Redis
 * decision). Bounded in size and in age, like the local buckets.
 */
final class FailOpenLedger {

    private final Cache<String, LimitProbe> lastShared;

    // Counts as immutable values changed by merge and remove: each is atomic per key, so a request allowed while
    // its key's count is taken is never lost; an entry is kept for forgetAfter after its last change.
    private final Cache<String, Long> owed;

    /**
     * @param maximumKeys the most keys remembered
     * @param forgetAfter how long an entry is kept; at least the longest period of any limit
     */
    FailOpenLedger(long maximumKeys, Duration forgetAfter) {
        this.lastShared = CallerThreadCaches.newBuilder().maximumSize(maximumKeys).expireAfterWrite(forgetAfter).build();
        this.owed = CallerThreadCaches.newBuilder().maximumSize(maximumKeys).expireAfterWrite(forgetAfter).build();
    }

    /** The shared bucket's last answer to this replica, or {@code null}. */
    LimitProbe lastShared(String key) {
        return this.lastShared.getIfPresent(key);
    }

    void rememberShared(String key, LimitProbe probe) {
        this.lastShared.put(key, probe);
    }

    /** Records a request allowed by a local bucket, to be charged to the shared one. */
    void allowedLocally(String key) {
        this.owed.asMap().merge(key, 1L, Long::sum);
    }

    /** Takes the requests owed to the shared bucket: the caller charges them, or gives them back on failure. */
    long takeOwed(String key) {
        Long taken = this.owed.asMap().remove(key);
        return (taken != null) ? taken : 0;
    }

    /** Gives back requests that could not be charged. */
    void giveBack(String key, long requests) {
        this.owed.asMap().merge(key, requests, Long::sum);
    }

}
