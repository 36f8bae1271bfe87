package io.cometgate.gateway.internal.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.lettuce.core.SetArgs;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import io.cometgate.gateway.internal.redis.SharedRedisConnection;

/**
 * Pauses shared through Redis: a key per app, {@code <prefix><app id>}, that expires with the pause. Every operation
 * is bounded by the connection's command timeout and skipped while Redis is known down; a failure reads as "no pause"
 * and writes as nothing, so Redis trouble never stops calls by itself.
 */
public final class RedisSharedPauses implements SharedPauses {

    private static final byte[] PAUSED = "1".getBytes(StandardCharsets.UTF_8);

    private final SharedRedisConnection redis;

    private final String keyPrefix;

    /**
     * @param redis the replica's Redis connection
     * @param keyPrefix the prefix of the pause keys
     */
    public RedisSharedPauses(SharedRedisConnection redis, String keyPrefix) {
        Assert.notNull(redis, "redis cannot be null");
        Assert.notNull(keyPrefix, "keyPrefix cannot be null");
        this.redis = redis;
        this.keyPrefix = keyPrefix;
    }

    @Override
    public Mono<Duration> remaining(String appId) {
        return this.redis.call((commands) -> commands.pttl(key(appId)))
            .filter((millis) -> millis > 0)
            .map(Duration::ofMillis)
            .onErrorResume((ex) -> Mono.empty());
    }

    @Override
    public Mono<Void> pause(String appId, Duration pause) {
        return this.redis
            .call((commands) -> commands.set(key(appId), PAUSED, SetArgs.Builder.px(Math.max(1, pause.toMillis()))))
            .then()
            .onErrorResume((ex) -> Mono.empty());
    }

    private byte[] key(String appId) {
        return (this.keyPrefix + appId).getBytes(StandardCharsets.UTF_8);
    }

}
