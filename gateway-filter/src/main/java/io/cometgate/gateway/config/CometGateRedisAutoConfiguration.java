package io.cometgate.gateway.config;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import io.cometgate.gateway.cache.NearTokenCache;
import io.cometgate.gateway.cache.RedisTokenCache;
import io.cometgate.gateway.cache.RedisTokenInvalidations;
import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.cache.TokenCipher;
import io.cometgate.gateway.cache.UnforgettableEvictions;
import io.cometgate.gateway.ratelimit.RateLimitStore;
import io.cometgate.gateway.ratelimit.RedisBucketStore;
import io.cometgate.gateway.ratelimit.RedisSharedPauses;
import io.cometgate.gateway.ratelimit.ReplicasSeenInRedis;
import io.cometgate.gateway.ratelimit.ResilientBucketStore;
import io.cometgate.gateway.ratelimit.UpstreamPause;
import io.cometgate.gateway.redis.LettuceConnector;
import io.cometgate.gateway.redis.RedisAvailability;
import io.cometgate.gateway.redis.RedisSettings;
import io.cometgate.gateway.redis.SharedRedisConnection;
import io.cometgate.gateway.token.MintCoordinator;
import io.cometgate.gateway.token.RedisMintCoordinator;

/**
 * With Lettuce and Bucket4j's Lettuce module on the class path: everything CometGate shares between replicas, through
 * one Redis connection ({@code spring.data.redis.*}): the rate limits, the token cache, the mint lock and the
 * upstream pauses. Runs before {@link CometGateAutoConfiguration}, whose per-replica defaults then back off.
 */
@AutoConfiguration(before = CometGateAutoConfiguration.class)
// By name: a gateway without Lettuce must be able to read this class to find out that it does not apply.
@ConditionalOnClass(value = AbstractGatewayFilterFactory.class,
        name = { "io.lettuce.core.RedisClient", "io.github.bucket4j.redis.lettuce.Bucket4jLettuce" })
@ConditionalOnProperty(name = { "spring.cloud.gateway.server.webflux.enabled", "cometchat.enabled" },
        matchIfMissing = true)
@EnableConfigurationProperties(CometChatProperties.class)
public class CometGateRedisAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LettuceConnector cometGateLettuceConnector(Environment environment, CometChatProperties properties) {
        RedisSettings settings = Binder.get(environment)
            .bind("spring.data.redis", Bindable.of(RedisSettings.class))
            .orElseGet(RedisSettings::new);
        return new LettuceConnector(settings, properties.getRedis().getCommandTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    RedisAvailability cometGateRedisAvailability(CometChatProperties properties, LettuceConnector connector) {
        RedisUsageProperties redis = properties.getRedis();
        // A probe may have to open the connection, then runs one command or one limit decision (its
        // compare-and-swap retries included).
        Duration probeTimeout = connector.connectTimeout()
            .plus(max(redis.getCommandTimeout(), properties.getRateLimit().getRedisTimeout()));
        return new RedisAvailability(redis.getRetryInterval(), redis.getRecoveryPeriod(), probeTimeout,
                Clock.systemUTC());
    }

    private static Duration max(Duration a, Duration b) {
        return (a.compareTo(b) >= 0) ? a : b;
    }

    @Bean
    @ConditionalOnMissingBean
    SharedRedisConnection cometGateRedisConnection(LettuceConnector connector, RedisAvailability availability) {
        SharedRedisConnection connection = new SharedRedisConnection(connector, availability);
        // Connects in the background, so that the first requests find Redis ready; a failure is retried later.
        connection.connection();
        return connection;
    }

    @Bean
    @ConditionalOnMissingBean
    RateLimitStore cometGateRedisRateLimitStore(SharedRedisConnection connection, CometChatProperties properties,
            ObjectProvider<MeterRegistry> meterRegistry, ReplicasSeenInRedis replicas) {
        RateLimitProperties rateLimit = properties.getRateLimit();
        RedisBucketStore redis = new RedisBucketStore(connection, rateLimit.getRedisTimeout(),
                rateLimit.getRedisMaxRetries(), true);
        // At start-up, not on the request path: the first requests then find Redis and Bucket4j ready.
        redis.warmUp(rateLimit.getKeyPrefix() + "warm-up").subscribe();
        return new ResilientBucketStore(redis, CometGateAutoConfiguration.localBucketStore(properties),
                connection.availability(), rateLimit.getLocalMaxBuckets(), CometGateAutoConfiguration.LOCAL_BUCKET_IDLE,
                meterRegistry.getIfUnique(() -> Metrics.globalRegistry), replicas::replicas);
    }

    @Bean
    @ConditionalOnMissingBean
    ReplicasSeenInRedis cometGateReplicasSeenInRedis(SharedRedisConnection connection, CometChatProperties properties) {
        // Fail-open gives each replica its share of the limits: 1/N, N as Redis last saw the replicas.
        return new ReplicasSeenInRedis(connection, properties.getRateLimit().getKeyPrefix() + "replicas",
                REPLICAS_REGISTER_EVERY).start();
    }

    /** How often a replica tells Redis it is there (it counts as gone after three intervals unseen). */
    static final Duration REPLICAS_REGISTER_EVERY = Duration.ofSeconds(5);

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "cometchat.token-cache.enabled", matchIfMissing = true)
    TokenCache cometGateRedisTokenCache(SharedRedisConnection connection, CometChatProperties properties,
            ObjectProvider<RedisTokenInvalidations> invalidations) {
        TokenCacheProperties cache = properties.getTokenCache();
        TokenCipher cipher = new TokenCipher(cache.getEncryptionKey(), cache.getPreviousEncryptionKeys());
        RedisTokenCache shared = new RedisTokenCache(connection, cipher, cache.getKeyPrefix(), cache.getTtl());
        // A logout's eviction that Redis misses is retried until it lands, never forgotten.
        Duration retryEvictionsEvery = properties.getRedis().getRetryInterval();
        RedisTokenInvalidations channel = invalidations.getIfAvailable();
        if (channel == null) {
            return new UnforgettableEvictions(shared, retryEvictionsEvery);
        }
        NearTokenCache near = new NearTokenCache(shared, channel, cache.getNearCache().getMaximumSize(),
                cache.getTtl(), Clock.systemUTC());
        // At start-up, in the background: a replica that just started hears invalidations like a warm one.
        channel.listen(near);
        return new UnforgettableEvictions(near, retryEvictionsEvery);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = { "cometchat.token-cache.enabled", "cometchat.token-cache.near-cache.enabled" },
            matchIfMissing = true)
    RedisTokenInvalidations cometGateTokenInvalidations(LettuceConnector connector, SharedRedisConnection connection,
            CometChatProperties properties) {
        TokenCacheProperties cache = properties.getTokenCache();
        return new RedisTokenInvalidations(connector, connection, cache.getKeyPrefix() + "invalidate");
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "cometchat.token-cache.enabled", matchIfMissing = true)
    MintCoordinator cometGateRedisMintCoordinator(SharedRedisConnection connection, TokenCache cache,
            CometChatProperties properties) {
        TokenCacheProperties settings = properties.getTokenCache();
        return new RedisMintCoordinator(connection, cache, settings.getLockKeyPrefix(), settings.getLockTtl(),
                settings.getLockWait());
    }

    @Bean
    @ConditionalOnMissingBean
    UpstreamPause cometGateSharedUpstreamPause(SharedRedisConnection connection, CometChatProperties properties) {
        UpstreamPauseProperties pause = properties.getUpstreamPause();
        return new UpstreamPause(new RedisSharedPauses(connection, pause.getKeyPrefix()), Clock.systemUTC());
    }

}
