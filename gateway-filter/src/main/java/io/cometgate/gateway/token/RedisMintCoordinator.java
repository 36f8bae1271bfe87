package io.cometgate.gateway.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.redis.SharedRedisConnection;

/**
 * One mint per user across replicas, with a short Redis lock ({@code SET key nonce NX PX}):
 * <ul>
 * <li>The replica that takes it reads the cache again (another replica may have minted and released between this
 * replica's cache miss and its lock), then mints and caches only on a miss, and releases the lock (compare-and-delete
 * in a script: never another's lock). While it works, it renews the lock every third of {@code lockTtl}, so that a
 * slow CometChat does not hand the lock to a second mint; a replica that dies stops renewing, and its lock expires
 * after {@code lockTtl}.</li>
 * <li>The others poll the cache; whenever the token is still missing they try the lock again, so a lock that was
 * released without a token, or expired after {@code lockTtl} with its owner, is taken over by one of them. After
 * {@code maxWait} without a token or the lock, a replica mints itself rather than fail.</li>
 * <li>A lock call that failed (Redis unreachable, too slow) is not ownership: nothing is released, and the replica
 * mints at once without waiting on Redis again. The caller's single flight still makes it one mint per user in this
 * replica.</li>
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

    private enum Lock {

        ACQUIRED, HELD_BY_ANOTHER, UNKNOWN

    }

    private final SharedRedisConnection redis;

    private final TokenCache cache;

    private final String keyPrefix;

    private final Duration lockTtl;

    private final Duration maxWait;

    private final Duration timeout;

    public RedisMintCoordinator(SharedRedisConnection redis, TokenCache cache, String keyPrefix, Duration lockTtl,
            Duration maxWait, Duration timeout) {
        Assert.notNull(redis, "redis cannot be null");
        Assert.notNull(cache, "cache cannot be null");
        this.redis = redis;
        this.cache = cache;
        this.keyPrefix = keyPrefix;
        this.lockTtl = lockTtl;
        this.maxWait = maxWait;
        this.timeout = timeout;
    }

    @Override
    public Mono<MintedToken> coordinate(CometChatApp app, String uid, Supplier<Mono<MintedToken>> mint) {
        byte[] lock = (this.keyPrefix + app.appId() + ":" + uid).getBytes(StandardCharsets.UTF_8);
        byte[] nonce = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        return Mono.defer(() -> {
            long deadline = System.nanoTime() + this.maxWait.toNanos();
            return acquire(lock, nonce).flatMap((state) -> decide(state, app, uid, lock, nonce, mint, deadline));
        });
    }

    private Mono<MintedToken> decide(Lock state, CometChatApp app, String uid, byte[] lock, byte[] nonce,
            Supplier<Mono<MintedToken>> mint, long deadline) {
        return switch (state) {
            // Renewed while the owner works, so that a slow CometChat does not hand the lock to a second mint.
            case ACQUIRED -> Mono.usingWhen(Mono.fromSupplier(() -> renewWhileHeld(lock, nonce)),
                    (renewal) -> cachedOr(app, uid, mint),
                    (renewal) -> Mono.fromRunnable(renewal::dispose).then(release(lock, nonce)));
            case HELD_BY_ANOTHER -> waitForOther(app, uid, lock, nonce, mint, deadline);
            case UNKNOWN -> {
                logger.debug("Mint lock of a user of app {} unknown (Redis failed): minting uncoordinated", app.appId());
                yield mint.get();
            }
        };
    }

    // The owner's second look: the token may have been cached since this replica's miss.
    private Mono<MintedToken> cachedOr(CometChatApp app, String uid, Supplier<Mono<MintedToken>> mint) {
        return this.cache.get(app, uid)
            .map((token) -> new MintedToken(token, MintOutcome.SHARED))
            .switchIfEmpty(Mono.defer(mint));
    }

    private Mono<MintedToken> gaveUp(CometChatApp app, Supplier<Mono<MintedToken>> mint) {
        logger.debug("Waited {} for another replica's mint of a user of app {}: minting", this.maxWait, app.appId());
        return mint.get();
    }

    private Mono<Lock> acquire(byte[] lock, byte[] nonce) {
        return this.redis.call(this.timeout,
                (commands) -> commands.set(lock, nonce, SetArgs.Builder.nx().px(this.lockTtl.toMillis())))
            .map((answer) -> "OK".equals(answer) ? Lock.ACQUIRED : Lock.HELD_BY_ANOTHER)
            .defaultIfEmpty(Lock.HELD_BY_ANOTHER)
            .onErrorReturn(Lock.UNKNOWN);
    }

    private Disposable renewWhileHeld(byte[] lock, byte[] nonce) {
        Duration every = this.lockTtl.dividedBy(3);
        byte[] ttl = Long.toString(this.lockTtl.toMillis()).getBytes(StandardCharsets.UTF_8);
        return Flux.interval(every, every)
            .concatMap((tick) -> this.redis.call(this.timeout, (commands) -> commands.<Long>eval(RENEW,
                    ScriptOutputType.INTEGER, new byte[][] { lock }, nonce, ttl))
                // A failed renewal is retried at the next tick; at worst the lock expires and another replica mints.
                .onErrorResume((ex) -> Mono.empty()))
            .subscribe();
    }

    private Mono<Void> release(byte[] lock, byte[] nonce) {
        return this.redis.call(this.timeout,
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
                    : acquire(lock, nonce).flatMap((state) -> decide(state, app, uid, lock, nonce, mint, deadline))));
    }

}
