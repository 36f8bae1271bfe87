package io.cometgate.gateway.config;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.lettuce.core.ScriptOutputType;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;

import io.cometgate.gateway.internal.cache.NearTokenCache;
import io.cometgate.gateway.internal.cache.RedisTokenCache;
import io.cometgate.gateway.internal.cache.RedisTokenInvalidations;
import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.internal.cache.TokenCipher;
import io.cometgate.gateway.internal.cache.UnforgettableEvictions;
import io.cometgate.gateway.internal.ratelimit.RateLimitStore;
import io.cometgate.gateway.internal.ratelimit.RedisBucketStore;
import io.cometgate.gateway.internal.ratelimit.RedisSharedPauses;
import io.cometgate.gateway.internal.ratelimit.ReplicasSeenInRedis;
import io.cometgate.gateway.internal.ratelimit.ResilientBucketStore;
import io.cometgate.gateway.internal.ratelimit.UpstreamPause;
import io.cometgate.gateway.internal.redis.BootRedisTarget;
import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.RedisAvailability;
import io.cometgate.gateway.internal.redis.RedisStartupCheck;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.token.MintCoordinator;
import io.cometgate.gateway.internal.token.RedisMintCoordinator;

/**
 * With Lettuce, Bucket4j's Lettuce module and Spring Boot's Redis module on the class path: everything CometGate
 * shares between replicas, through one Redis connection: the rate limits, the token cache, the mint lock and the
 * upstream pauses. Where Redis is comes from Spring Boot alone ({@link DataRedisConnectionDetails}: the
 * {@code spring.data.redis.*} properties or a service connection, with SSL bundles), so that Redis is configured once
 * for the whole application; CometGate builds its own Lettuce client from it ({@link BootRedisTarget}). Runs after
 * Spring Boot's Redis auto-configuration and before {@link CometGateAutoConfiguration}, whose per-replica defaults
 * then back off.
 */
@AutoConfiguration(before = CometGateAutoConfiguration.class,
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
// By name: a gateway without Lettuce must be able to read this class to find out that it does not apply.
@ConditionalOnClass(value = AbstractGatewayFilterFactory.class,
        name = { "io.lettuce.core.RedisClient", "io.github.bucket4j.redis.lettuce.Bucket4jLettuce",
                "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails" })
@ConditionalOnProperty(name = { "spring.cloud.gateway.server.webflux.enabled", "cometchat.enabled" },
        matchIfMissing = true)
@EnableConfigurationProperties({ CometChatProperties.class, DataRedisProperties.class })
public class CometGateRedisAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LettuceConnector cometGateLettuceConnector(ObjectProvider<DataRedisConnectionDetails> details,
            DataRedisProperties redis, CometChatProperties properties,
            ObjectProvider<LettuceClientOptionsCustomizer> customizers) {
        DataRedisConnectionDetails where = details.getIfAvailable(() -> {
            throw new IllegalStateException("CometGate reads where Redis is from Spring Boot's "
                    + "DataRedisConnectionDetails, which DataRedisAutoConfiguration (or a service connection) provides: "
                    + "do not exclude it, or declare a DataRedisConnectionDetails bean");
        });
        return new LettuceConnector(BootRedisTarget.from(where, redis), properties.getRedis().getCommandTimeout(),
                (options) -> customizers.orderedStream().forEach((customizer) -> customizer.customize(options)));
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

    /**
     * Checks at start that the configured Redis works for CometGate: reachable, trusted, the credentials accepted,
     * and the commands CometGate sends allowed on its key prefixes and channel (an ACL user limited to
     * {@code ~cometgate:*} and {@code &cometgate:*} passes; one without them fails here, loudly, not quietly on every
     * request).
     */
    @Bean
    @ConditionalOnMissingBean
    RedisStartupCheck cometGateRedisStartupCheck(SharedRedisConnection connection, LettuceConnector connector,
            CometChatProperties properties) {
        List<RedisStartupCheck.Probe> probes = new ArrayList<>();
        probes.add(new RedisStartupCheck.Probe("PING", (commands) -> commands.ping()));
        TokenCacheProperties cache = properties.getTokenCache();
        Set<String> prefixes = new LinkedHashSet<>();
        prefixes.add(properties.getRateLimit().getKeyPrefix());
        prefixes.add(properties.getUpstreamPause().getKeyPrefix());
        if (cache.isEnabled()) {
            prefixes.add(cache.getKeyPrefix());
            prefixes.add(cache.getLockKeyPrefix());
        }
        for (String prefix : prefixes) {
            // A script that writes (and deletes) a key: CometGate's limits and locks are scripts on such keys.
            byte[][] key = { (prefix + "startup-check").getBytes(StandardCharsets.UTF_8) };
            probes.add(new RedisStartupCheck.Probe("EVAL writing " + prefix + "*",
                    (commands) -> commands.eval(STARTUP_CHECK_SCRIPT, ScriptOutputType.STATUS, key)));
        }
        if (cache.isEnabled() && cache.getNearCache().isEnabled()) {
            String channel = invalidationChannel(cache);
            probes.add(new RedisStartupCheck.Probe("PUBLISH to " + channel,
                    // An empty message: every replica ignores what it cannot parse.
                    (commands) -> commands.publish(channel.getBytes(StandardCharsets.UTF_8), new byte[0])));
        }
        RedisStartupCheck check = new RedisStartupCheck(connection, connector.target().describe(), probes,
                Duration.ofSeconds(5));
        check.start();
        return check;
    }

    // The channel the start-up check probes must be the one the invalidations use: one place names it.
    private static String invalidationChannel(TokenCacheProperties cache) {
        return cache.getKeyPrefix() + "invalidate";
    }

    // Writes and deletes at once: the check proves the permission and leaves nothing in the keyspace an operator reads.
    private static final String STARTUP_CHECK_SCRIPT = "redis.call('SET', KEYS[1], '1', 'PX', 10000) "
            + "redis.call('DEL', KEYS[1]) return redis.status_reply('OK')";

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
        return new RedisTokenInvalidations(connector, connection, invalidationChannel(cache));
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
