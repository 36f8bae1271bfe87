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
 * One mint per user across replicas, with a short Redis lock ({@code SET key nonce NX PX}): the replica that takes
 * it mints and caches; the others poll the cache for up to {@code maxWait} and, if the token has not appeared by
 * then (the minting replica died, CometChat is slow), mint themselves rather than fail. The lock expires by itself
 * after {@code lockTtl}, and is released only by its owner (compare-and-delete in a script). A Redis failure skips
 * coordination: the replica mints.
 */
public final class RedisMintCoordinator implements MintCoordinator {

    // Deletes the lock only if it still holds our nonce: never release a lock that expired and was taken by another.
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    private static final Duration POLL_INTERVAL = Duration.ofMillis(25);

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
        return acquire(lock, nonce).flatMap((acquired) -> acquired
                ? Mono.usingWhen(Mono.just(lock), (held) -> mint.get(), (held) -> release(held, nonce))
                : waitForOther(app, uid).switchIfEmpty(Mono.defer(mint)));
    }

    private Mono<Boolean> acquire(byte[] lock, byte[] nonce) {
        return this.redis.call(this.timeout,
                (commands) -> commands.set(lock, nonce, SetArgs.Builder.nx().px(this.lockTtl.toMillis())))
            .map("OK"::equals)
            // Without Redis there is nothing to coordinate with: behave as the lock's owner.
            .onErrorReturn(true)
            .defaultIfEmpty(false);
    }

    private Mono<Void> release(byte[] lock, byte[] nonce) {
        return this.redis.call(this.timeout,
                (commands) -> commands.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new byte[][] { lock }, nonce))
            .then()
            // The lock expires by itself: a failed release only delays the next mint by lockTtl at worst.
            .onErrorResume((ex) -> Mono.empty());
    }

    private Mono<MintedToken> waitForOther(CometChatApp app, String uid) {
        long attempts = Math.max(1, this.maxWait.toMillis() / POLL_INTERVAL.toMillis());
        return this.cache.get(app, uid)
            .repeatWhenEmpty((Integer.MAX_VALUE > attempts) ? (int) attempts : Integer.MAX_VALUE,
                    (repeats) -> repeats.delayElements(POLL_INTERVAL))
            .map((token) -> new MintedToken(token, MintOutcome.SHARED))
            .onErrorResume((ex) -> Mono.empty());
    }

}
