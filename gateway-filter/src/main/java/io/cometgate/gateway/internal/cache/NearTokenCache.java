package io.cometgate.gateway.internal.cache;

import io.cometgate.gateway.cache.TokenCache;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.internal.support.CallerThreadCaches;

/**
 * A replica's own copy of the tokens it minted or read, in front of the shared cache (Redis): a cached user costs
 * no Redis read, and while Redis is unreachable the replica keeps serving the tokens it knows and stores those it
 * mints, so an outage costs at most one mint per user per replica.
 * <p>
 * Bounded by size, and by time: an entry expires when the shared cache's entry does at the latest ({@code ttl} after
 * the token was minted, or after it was stored here, whichever is first).
 * <p>
 * Kept coherent through {@link TokenInvalidations}: a put or an eviction is published after the shared cache has
 * it, and the other replicas drop their copy when they hear it. A read of the shared cache that was under way while
 * an invalidation arrived does not fill the local copy (it may have read the old token). When the subscription
 * comes back after a disconnection, messages may have been missed: the whole local copy is dropped. While the
 * channel is known silent ({@link #coherenceLost()}), no local copy is used at all.
 */
public final class NearTokenCache implements TokenCache, TokenInvalidations.Listener {

    private final TokenCache shared;

    private final TokenInvalidations invalidations;

    private final Cache<String, AuthToken> local;

    // Invalidations counted per stripe of keys, so that a read is discarded only for an invalidation of its own key
    // (or, rarely, of a key sharing its stripe), not for every other user's: with one counter for all keys, the
    // steady stream of other users' mints made reads during a Redis pause fail to stay local (measured: a re-mint in
    // RedisPauseSimulation). A shared-cache read fills the local copy only if its stripe did not move meanwhile.
    private static final int STRIPES = 4096;

    private final AtomicLongArray invalidationsByStripe = new AtomicLongArray(STRIPES);

    // Advanced when every local copy is dropped (a new subscription): a read under way then is not kept either.
    private final AtomicLong clears = new AtomicLong();

    // False while the invalidation channel is known silent: every read then goes to the shared cache.
    private volatile boolean coherent = true;

    /**
     * @param shared the cache every replica shares
     * @param invalidations tells the other replicas, and is told by them
     * @param maximumSize most tokens kept locally
     * @param ttl the shared cache's time to live: no entry lives longer here
     * @param clock the wall clock tokens' creation times are compared with
     */
    public NearTokenCache(TokenCache shared, TokenInvalidations invalidations, long maximumSize, Duration ttl,
            Clock clock) {
        Assert.notNull(shared, "shared cannot be null");
        Assert.notNull(invalidations, "invalidations cannot be null");
        Assert.isTrue(maximumSize > 0, "maximumSize must be positive");
        this.shared = shared;
        this.invalidations = invalidations;
        this.local = CallerThreadCaches.newBuilder().maximumSize(maximumSize).expireAfter(new UntilSharedExpiry(ttl, clock)).build();
    }

    @Override
    public Mono<AuthToken> get(CometChatApp app, String uid) {
        String key = key(app.appId(), uid);
        return Mono.defer(() -> {
            if (!this.coherent) {
                return this.shared.get(app, uid);
            }
            AuthToken near = this.local.getIfPresent(key);
            if (near != null) {
                return Mono.just(near);
            }
            int stripe = stripe(key);
            long invalidationsBefore = this.invalidationsByStripe.get(stripe);
            long clearsBefore = this.clears.get();
            // Never over a newer token put meanwhile, never after an invalidation the read may predate.
            return this.shared.get(app, uid)
                .doOnNext((token) -> fillUnlessInvalidated(key, token, stripe, invalidationsBefore, clearsBefore, false));
        });
    }

    @Override
    public Mono<Void> put(CometChatApp app, String uid, AuthToken token) {
        String key = key(app.appId(), uid);
        return Mono.defer(() -> {
            int stripe = stripe(key);
            // Kept here first: if the shared cache fails, this replica still reuses the token it minted.
            long invalidationsAtPut = this.invalidationsByStripe.incrementAndGet(stripe);
            long clearsAtPut = this.clears.get();
            this.local.put(key, token);
            return this.shared.put(app, uid, token)
                // Again once shared, unless another replica's word about this user (a newer token, a logout) or a
                // lost subscription came in meanwhile: that word is newer than this put.
                .then(Mono.fromRunnable(
                        () -> fillUnlessInvalidated(key, token, stripe, invalidationsAtPut, clearsAtPut, true)))
                // The shared cache may have failed the put, or publishing may: a miss elsewhere costs a read.
                .then(this.invalidations.publish(app, uid).onErrorResume((ex) -> Mono.empty()));
        });
    }

    /**
     * Evicts here, in the shared cache, and on every other replica.
     * @return completes when all three happened; fails when the shared cache or the invalidation did not take it
     * (the caller retries: see {@link UnforgettableEvictions})
     */
    @Override
    public Mono<Void> evict(CometChatApp app, String uid) {
        return Mono.defer(() -> {
            invalidated(app.appId(), uid);
            return this.shared.evict(app, uid)
                // Again once the shared entry is gone: a read under way before may have filled the old token.
                .then(Mono.fromRunnable(() -> invalidated(app.appId(), uid)))
                .then(this.invalidations.publishEvenIfKnownDown(app, uid));
        });
    }

    /**
     * Fills the local copy in one atomic step with the check that no invalidation of the key's stripe (and no
     * clear) happened since {@code invalidationsBefore}/{@code clearsBefore} were read. The check and the put hold
     * the key's lock in the map, and an invalidation counts first and removes after (under the same lock): so either
     * the check sees the invalidation, or the removal comes after the fill. A check followed by a separate put
     * would let an invalidation on Lettuce's thread land between the two and leave the old token until its TTL.
     */
    private void fillUnlessInvalidated(String key, AuthToken token, int stripe, long invalidationsBefore,
            long clearsBefore, boolean replace) {
        this.local.asMap().compute(key, (k, present) -> {
            if (this.invalidationsByStripe.get(stripe) != invalidationsBefore || this.clears.get() != clearsBefore) {
                return present;
            }
            return (present != null && !replace) ? present : token;
        });
    }

    @Override
    public void invalidated(String appId, String uid) {
        String key = key(appId, uid);
        this.invalidationsByStripe.incrementAndGet(stripe(key));
        this.local.invalidate(key);
    }

    @Override
    public void subscribed() {
        clear();
        this.coherent = true;
    }

    /** Drops every local copy and reads only the shared cache until the channel is subscribed again. */
    @Override
    public void coherenceLost() {
        this.coherent = false;
        clear();
    }

    /** Whether local copies are in use (the invalidation channel is not known silent). */
    public boolean coherent() {
        return this.coherent;
    }

    /** Forgets every local copy: the next read of each user goes to the shared cache. */
    public void clear() {
        this.clears.incrementAndGet();
        this.local.invalidateAll();
    }

    /** How many tokens this replica holds (estimated), for tests and metrics. */
    public long size() {
        return this.local.estimatedSize();
    }

    private static int stripe(String key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }

    private static String key(String appId, String uid) {
        return appId + ":" + uid;
    }

    /** Until the shared entry expires at the latest: {@code ttl} after minting, and after storing here. */
    private static final class UntilSharedExpiry implements Expiry<String, AuthToken> {

        private final long ttlNanos;

        private final Clock clock;

        UntilSharedExpiry(Duration ttl, Clock clock) {
            this.ttlNanos = ttl.toNanos();
            this.clock = clock;
        }

        @Override
        public long expireAfterCreate(String key, AuthToken token, long currentTime) {
            long ageMillis = Math.max(0, this.clock.millis() - token.createdAt() * 1000);
            return Math.max(0, this.ttlNanos - Duration.ofMillis(ageMillis).toNanos());
        }

        @Override
        public long expireAfterUpdate(String key, AuthToken token, long currentTime, long currentDuration) {
            return expireAfterCreate(key, token, currentTime);
        }

        @Override
        public long expireAfterRead(String key, AuthToken token, long currentTime, long currentDuration) {
            return currentDuration;
        }

    }

}
