package io.cometgate.gateway.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
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
 * in a script: never another's lock).</li>
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
            case ACQUIRED -> Mono.usingWhen(Mono.just(lock), (held) -> cachedOr(app, uid, mint),
                    (held) -> release(held, nonce));
            case HELD_BY_ANOTHER -> waitForOther(app, uid, lock, nonce, mint, deadline);
            case UNKNOWN -> mint.get();
        };
    }

    // The owner's second look: the token may have been cached since this replica's miss.
    private Mono<MintedToken> cachedOr(CometChatApp app, String uid, Supplier<Mono<MintedToken>> mint) {
        return this.cache.get(app, uid)
            .map((token) -> new MintedToken(token, MintOutcome.SHARED))
            .switchIfEmpty(Mono.defer(mint));
    }

    private Mono<Lock> acquire(byte[] lock, byte[] nonce) {
        return this.redis.call(this.timeout,
                (commands) -> commands.set(lock, nonce, SetArgs.Builder.nx().px(this.lockTtl.toMillis())))
            .map((answer) -> "OK".equals(answer) ? Lock.ACQUIRED : Lock.HELD_BY_ANOTHER)
            .defaultIfEmpty(Lock.HELD_BY_ANOTHER)
            .onErrorReturn(Lock.UNKNOWN);
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
            .switchIfEmpty(Mono.defer(() -> (System.nanoTime() - deadline >= 0) ? mint.get()
                    : acquire(lock, nonce).flatMap((state) -> decide(state, app, uid, lock, nonce, mint, deadline))));
    }

}
