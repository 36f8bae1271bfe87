package io.cometgate.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.lettuce.core.SetArgs;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import io.cometgate.gateway.redis.SharedRedisConnection;

/**
 * Pauses shared through Redis: a key per app that expires with the pause. Every operation is bounded; a failure
 * reads as "no pause" and writes as nothing, so Redis trouble never stops calls by itself.
 */
public final class RedisSharedPauses implements SharedPauses {

    private final SharedRedisConnection redis;

    private final String keyPrefix;

    private final Duration timeout;

    public RedisSharedPauses(SharedRedisConnection redis, String keyPrefix, Duration timeout) {
        Assert.notNull(redis, "redis cannot be null");
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
    }

    @Override
    public Mono<Duration> remaining(String appId) {
        return this.redis.commands()
            .flatMap((commands) -> Mono.fromCompletionStage(commands.pttl(key(appId))))
            .timeout(this.timeout)
            .filter((millis) -> millis > 0)
            .map(Duration::ofMillis)
            .onErrorResume((ex) -> Mono.empty());
    }

    @Override
    public Mono<Void> pause(String appId, Duration pause) {
        return this.redis.commands()
            .flatMap((commands) -> Mono.fromCompletionStage(commands.set(key(appId),
                    "1".getBytes(StandardCharsets.UTF_8), SetArgs.Builder.px(Math.max(1, pause.toMillis())))))
            .timeout(this.timeout)
            .then()
            .onErrorResume((ex) -> Mono.empty());
    }

    private byte[] key(String appId) {
        return (this.keyPrefix + appId + ":upstream-paused").getBytes(StandardCharsets.UTF_8);
    }

}
