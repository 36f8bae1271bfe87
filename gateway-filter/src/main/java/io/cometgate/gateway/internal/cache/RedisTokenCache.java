package io.cometgate.gateway.internal.cache;

import io.cometgate.gateway.cache.TokenCache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.lettuce.core.SetArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;

/**
 * Tokens in Redis, shared by every replica, under {@code <prefix><app id>:<uid>}, encrypted by {@link TokenCipher}
 * and expiring after {@code ttl}. Every operation is bounded by the connection's command timeout (and skipped
 * while Redis is known down); a failure is a miss (reads) or
 * ignored (writes), so the cache can only make a request cheaper, never fail it.
 */
public final class RedisTokenCache implements TokenCache {

    private static final Logger logger = LoggerFactory.getLogger(RedisTokenCache.class);

    private final SharedRedisConnection redis;

    private final TokenCipher cipher;

    private final String keyPrefix;

    private final Duration ttl;

    public RedisTokenCache(SharedRedisConnection redis, TokenCipher cipher, String keyPrefix, Duration ttl) {
        Assert.notNull(redis, "redis cannot be null");
        Assert.notNull(cipher, "cipher cannot be null");
        this.redis = redis;
        this.cipher = cipher;
        this.keyPrefix = keyPrefix;
        this.ttl = ttl;
    }

    @Override
    public Mono<AuthToken> get(CometChatApp app, String uid) {
        return this.redis.call((commands) -> commands.get(key(app, uid)))
            .flatMap((value) -> Mono.justOrEmpty(this.cipher.decrypt(new String(value, StandardCharsets.UTF_8),
                    associatedData(app, uid))))
            .mapNotNull((plain) -> decode(uid, plain))
            .onErrorResume((ex) -> {
                logger.debug("Token cache read failed, treated as a miss: {}", ex.getClass().getSimpleName());
                return Mono.empty();
            });
    }

    @Override
    public Mono<Void> put(CometChatApp app, String uid, AuthToken token) {
        String value = this.cipher.encrypt(token.createdAt() + ":" + token.authToken(), associatedData(app, uid));
        return this.redis.call((commands) -> commands.set(key(app, uid),
                    value.getBytes(StandardCharsets.UTF_8), SetArgs.Builder.px(this.ttl.toMillis())))
            .then()
            .onErrorResume((ex) -> {
                logger.debug("Token cache write failed, ignored: {}", ex.getClass().getSimpleName());
                return Mono.empty();
            });
    }

    /**
     * Deletes the user's entry, trying Redis even while this replica thinks it is down (one failed command is no
     * reason to forget a logout; the wait is bounded by the command timeout).
     * @return completes once Redis took the delete; fails when it did not, so that the caller retries later
     */
    @Override
    public Mono<Void> evict(CometChatApp app, String uid) {
        return this.redis.callEvenIfKnownDown((commands) -> commands.del(key(app, uid))).then();
    }

    private byte[] key(CometChatApp app, String uid) {
        return (this.keyPrefix + app.appId() + ":" + uid).getBytes(StandardCharsets.UTF_8);
    }

    private static String associatedData(CometChatApp app, String uid) {
        return app.appId() + "\u0000" + uid;
    }

    private static AuthToken decode(String uid, String plain) {
        int colon = plain.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            return new AuthToken(uid, plain.substring(colon + 1), Long.parseLong(plain.substring(0, colon)));
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }

}
