package io.cometgate.gateway.internal.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.ScriptOutputType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.RequestDeadline;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;

/**
 * One mint per user across replicas, with a short Redis lock ({@code SET key nonce NX PX}, in a script that also
 * recognizes the lock as ours when an earlier call timed out after taking it):
 * <ul>
 * <li>The replica that takes it runs the caller's mint, which reads the cache again first (another replica may have
 * minted and released between this replica's cache miss and its lock) and mints and caches only on a miss, and
 * releases the lock (compare-and-delete
 * in a script: never another's lock). While it works, it renews the lock every third of {@code lockTtl}, so that a
 * slow CometChat does not hand the lock to a second mint; a replica that dies stops renewing, and its lock expires
 * after {@code lockTtl}.</li>
 * <li>The others poll the cache; whenever the token is still missing they try the lock again, so a lock that was
 * released without a token, or expired after {@code lockTtl} with its owner, is taken over by one of them. After
 * {@code maxWait} without a token or the lock, a replica mints itself rather than fail; within a request that has a
 * {@link RequestDeadline}, it stops waiting at half of the time the request had left, so that its own mint fits in
 * the other half.</li>
 * <li>A lock call that failed (Redis unreachable, too slow) is not ownership: nothing is released, and the replica
 * mints at once without waiting on Redis again. The caller's single flight still makes it one mint per user in this
 * replica. Only a replica already waiting for another's mint keeps waiting when a lock call gets no answer in
 * time.</li>
 * </ul>
 */
public final class RedisMintCoordinator implements MintCoordinator {

    // Deletes the lock only if it still holds our nonce: never release a lock that expired and was taken by another.
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    // Extends the lock only if it still holds our nonce.
    private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    private static final Logger logger = LoggerFactory.getLogger(RedisMintCoordinator.class);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(25);

    // Takes the lock, or finds it already ours: a retry after a call that timed out (and may have taken the lock in
    // Redis all the same) must not wait for our own lock to expire.
    private static final String ACQUIRE = "if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end "
            + "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end "
            + "return 0";

    private enum Lock {

        ACQUIRED, HELD_BY_ANOTHER,

        /** The call timed out: Redis may be hung, or only slow to answer (it may even have taken the lock). */
        NO_ANSWER,

        /** Redis refused or could not be reached. */
        FAILED

    }

    private final SharedRedisConnection redis;

    private final TokenCache cache;

    private final String keyPrefix;

    private final Duration lockTtl;

    private final Duration maxWait;

    public RedisMintCoordinator(SharedRedisConnection redis, TokenCache cache, String keyPrefix, Duration lockTtl,
            Duration maxWait) {
        Assert.notNull(redis, "redis cannot be null");
        Assert.notNull(cache, "cache cannot be null");
        this.redis = redis;
        this.cache = cache;
        this.keyPrefix = keyPrefix;
        this.lockTtl = lockTtl;
        this.maxWait = maxWait;
    }

    @Override
    public Mono<MintedToken> coordinate(CometChatApp app, String uid, Supplier<Mono<MintedToken>> mint) {
        byte[] lock = (this.keyPrefix + app.appId() + ":" + uid).getBytes(StandardCharsets.UTF_8);
        byte[] nonce = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        return Mono.deferContextual((context) -> {
            long deadline = System.nanoTime() + longestWait(RequestDeadline.in(context)).toNanos();
            return acquire(lock, nonce)
                .flatMap((state) -> decide(state, app, uid, lock, nonce, mint, deadline, false));
        });
    }

    /**
     * How long to wait for another replica's mint: {@code maxWait}, but never into the second half of what is left
     * of the request's deadline, which is kept for this replica's own mint (on a first login, a failed mint and the
     * user's creation: two CometChat calls). A waiter for an owner that died (its lock lives {@code lockTtl}) then
     * still answers within the request's deadline, with a token of its own, instead of a timeout.
     */
    private Duration longestWait(Optional<RequestDeadline> requestDeadline) {
        if (requestDeadline.isEmpty()) {
            return this.maxWait;
        }
        Duration halfOfWhatIsLeft = requestDeadline.get().remaining().dividedBy(2);
        return halfOfWhatIsLeft.isNegative() ? Duration.ZERO
                : (halfOfWhatIsLeft.compareTo(this.maxWait) < 0) ? halfOfWhatIsLeft : this.maxWait;
    }

    private Mono<MintedToken> decide(Lock state, CometChatApp app, String uid, byte[] lock, byte[] nonce,
            Supplier<Mono<MintedToken>> mint, long deadline, boolean waiting) {
        return switch (state) {
            // Renewed while the owner works, so that a slow CometChat does not hand the lock to a second mint.
            // The mint the caller hands in reads the cache first (another replica may have minted and released
            // between this replica's miss and its lock): no second read here.
            case ACQUIRED -> Mono.usingWhen(Mono.fromSupplier(() -> renewWhileHeld(lock, nonce)),
                    (renewal) -> mint.get(),
                    (renewal) -> Mono.fromRunnable(renewal::dispose).then(release(lock, nonce)));
            case HELD_BY_ANOTHER -> waitForOther(app, uid, lock, nonce, mint, deadline);
            // While waiting, Redis answered moments ago and another replica is minting: a late answer is no
            // reason to mint a second token. Anywhere else, a failed lock call is not ownership: mint at once.
            case NO_ANSWER -> waiting ? waitForOther(app, uid, lock, nonce, mint, deadline) : uncoordinated(app, mint);
            case FAILED -> uncoordinated(app, mint);
        };
    }

    private Mono<MintedToken> uncoordinated(CometChatApp app, Supplier<Mono<MintedToken>> mint) {
        logger.debug("Mint lock of a user of app {} not taken (Redis failed): minting uncoordinated", app.appId());
        return mint.get();
    }

    private Mono<MintedToken> gaveUp(CometChatApp app, Supplier<Mono<MintedToken>> mint) {
        logger.debug("Waited {} for another replica's mint of a user of app {}: minting", this.maxWait, app.appId());
        return mint.get();
    }

    private Mono<Lock> acquire(byte[] lock, byte[] nonce) {
        byte[] ttl = Long.toString(this.lockTtl.toMillis()).getBytes(StandardCharsets.UTF_8);
        return this.redis.call(
                (commands) -> commands.<Long>eval(ACQUIRE, ScriptOutputType.INTEGER, new byte[][] { lock }, nonce, ttl))
            .map((taken) -> (taken == 1L) ? Lock.ACQUIRED : Lock.HELD_BY_ANOTHER)
            .defaultIfEmpty(Lock.HELD_BY_ANOTHER)
            .onErrorResume((ex) -> Mono.just(isTimeout(ex) ? Lock.NO_ANSWER : Lock.FAILED));
    }

    private static boolean isTimeout(Throwable ex) {
        return ex instanceof TimeoutException || ex instanceof RedisCommandTimeoutException;
    }

    private Disposable renewWhileHeld(byte[] lock, byte[] nonce) {
        Duration every = this.lockTtl.dividedBy(3);
        byte[] ttl = Long.toString(this.lockTtl.toMillis()).getBytes(StandardCharsets.UTF_8);
        return Flux.interval(every, every)
            // Off the request path; each renewal is bounded by the connection's command timeout. Tried even while
            // this replica takes Redis for down: on a link that flaps, skipping would let the lock expire mid-mint
            // and hand it to a second replica's mint.
            .concatMap((tick) -> this.redis.callEvenIfKnownDown((commands) -> commands.<Long>eval(RENEW,
                    ScriptOutputType.INTEGER, new byte[][] { lock }, nonce, ttl))
                // A failed renewal is retried at the next tick; at worst the lock expires and another replica mints.
                .onErrorResume((ex) -> Mono.empty()))
            .subscribe();
    }

    private Mono<Void> release(byte[] lock, byte[] nonce) {
        return this.redis.call(
                (commands) -> commands.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new byte[][] { lock }, nonce))
            .then()
            // The lock expires by itself: a failed release only delays the next mint by lockTtl at worst.
            .onErrorResume((ex) -> Mono.empty());
    }

    private Mono<MintedToken> waitForOther(CometChatApp app, String uid, byte[] lock, byte[] nonce,
            Supplier<Mono<MintedToken>> mint, long deadline) {
        return Mono.delay(POLL_INTERVAL)
            .then(this.cache.get(app, uid))
            .map((token) -> new MintedToken(token, MintOutcome.SHARED))
            .switchIfEmpty(Mono.defer(() -> (System.nanoTime() - deadline >= 0) ? gaveUp(app, mint)
                    : acquire(lock, nonce)
                        .flatMap((state) -> decide(state, app, uid, lock, nonce, mint, deadline, true))));
    }

}
