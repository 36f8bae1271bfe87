package io.cometgate.gateway.internal.support;

import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Caffeine caches for the request path. Caffeine hands its maintenance (eviction, expiry, draining its buffers) to
 * {@code ForkJoinPool.commonPool()} by default: on a request path that is a thread to wake up after bursts of writes,
 * and a futex call on both sides each time (seen in the profile of the cached token route). Maintenance is short and
 * amortised, so it runs on the thread that wrote instead.
 */
public final class CallerThreadCaches {

    private CallerThreadCaches() {
    }

    /** A Caffeine builder whose maintenance runs on the calling thread. */
    public static Caffeine<Object, Object> newBuilder() {
        return Caffeine.newBuilder().executor(Runnable::run);
    }

}
