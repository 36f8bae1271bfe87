package io.cometgate.gateway.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.cloud.gateway.config.conditional.ConditionalOnEnabledFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import io.cometgate.gateway.audit.AuditLog;
import io.cometgate.gateway.audit.EdgeMetrics;
import io.cometgate.gateway.cache.NoTokenCache;
import io.cometgate.gateway.cache.RedisTokenCache;
import io.cometgate.gateway.cache.TokenCipher;
import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatConnections;
import io.cometgate.gateway.edge.EdgeRequestHandler;
import io.cometgate.gateway.edge.EdgeRouteResolver;
import io.cometgate.gateway.filter.factory.CometChatTokenGatewayFilterFactory;
import io.cometgate.gateway.health.CometChatResponseObserver;
import io.cometgate.gateway.ratelimit.LimitPolicy;
import io.cometgate.gateway.ratelimit.LimitSpec;
import io.cometgate.gateway.ratelimit.LocalBucketStore;
import io.cometgate.gateway.ratelimit.PerUserRateLimiter;
import io.cometgate.gateway.ratelimit.RateLimitStore;
import io.cometgate.gateway.ratelimit.RedisBucketStore;
import io.cometgate.gateway.ratelimit.ResilientBucketStore;
import io.cometgate.gateway.ratelimit.UpstreamBudget;
import io.cometgate.gateway.ratelimit.RedisSharedPauses;
import io.cometgate.gateway.ratelimit.SharedPauses;
import io.cometgate.gateway.ratelimit.UpstreamPause;
import io.cometgate.gateway.redis.LettuceConnector;
import io.cometgate.gateway.redis.RedisSettings;
import io.cometgate.gateway.redis.SharedRedisConnection;
import io.cometgate.gateway.token.MintCoordinator;
import io.cometgate.gateway.token.RedisMintCoordinator;
import io.cometgate.gateway.token.TokenMinter;
import io.cometgate.gateway.token.TokenRevoker;
import io.cometgate.gateway.token.TokenService;
import io.cometgate.gateway.uid.CallerResolver;
import io.cometgate.gateway.uid.ClaimUidResolver;
import io.cometgate.gateway.uid.IdentityExtractor;
import io.cometgate.gateway.uid.PrincipalNameIdentityExtractor;
import io.cometgate.gateway.uid.SpringSecurityIdentityExtractor;
import io.cometgate.gateway.uid.UidResolver;
import io.cometgate.gateway.web.GatewayErrorMapper;
import io.cometgate.gateway.web.JsonResponseWriter;

/**
 * Registers the CometChat gateway filters and what they need. Every bean backs off when the application declares
 * its own; the token filter can be switched off with
 * {@code spring.cloud.gateway.server.webflux.filter.comet-chat-token.enabled=false}, everything with
 * {@code cometchat.enabled=false}.
 * <p>
 * Rate limits are shared by all replicas through Redis when Lettuce and Bucket4j's Lettuce module are on the class
 * path (Redis from {@code spring.data.redis.*}); otherwise each replica limits on its own, with a warning. No bean
 * here is a {@code RateLimiter}, {@code KeyResolver} or Bucket4j {@code AsyncProxyManager}, so Spring Cloud
 * Gateway's own rate-limiter auto-configuration is left untouched.
 */
@AutoConfiguration(before = GatewayAutoConfiguration.class)
@ConditionalOnClass(AbstractGatewayFilterFactory.class)
@ConditionalOnProperty(name = { "spring.cloud.gateway.server.webflux.enabled", "cometchat.enabled" },
        matchIfMissing = true)
@EnableConfigurationProperties(CometChatProperties.class)
@Import(CometChatUserFilterConfiguration.class)
public class CometGateAutoConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(CometGateAutoConfiguration.class);

    /** The most connections open to CometChat at once, per gateway replica. */
    static final int MAX_CONNECTIONS = 500;

    @Bean
    @ConditionalOnMissingBean
    CometChatConnections cometChatConnections(CometChatProperties properties,
            ObjectProvider<ObservationRegistry> observationRegistry, UpstreamPause upstreamPause,
            ObjectProvider<UpstreamBudget> upstreamBudget, ObjectProvider<CometChatResponseObserver> observer) {
        // A paused app is not called at all (and spends no budget); the budget is spent only by calls sent.
        List<ExchangeFilterFunction> guards = new ArrayList<>();
        guards.add(upstreamPause);
        upstreamBudget.ifAvailable(guards::add);
        // Last: learns from the answers of calls really sent (health, CometChat's rate-limit headers).
        observer.ifAvailable(guards::add);
        return new CometChatConnections(properties.getConnectTimeout(), properties.getResponseTimeout(),
                MAX_CONNECTIONS, observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), guards);
    }

    @Bean
    @ConditionalOnMissingBean
    CometChatClient cometChatClient(CometChatProperties properties, CometChatConnections connections) {
        CometChatApp app = CometChatApp.of(properties.getAppId(), properties.getRegion(), properties.getRestApiKey(),
                properties.getBaseUrl());
        // Each attempt, connection included, is bounded (connect, then wait for the answer); retries by max-total-time.
        return new CometChatClient(connections.webClient(), app,
                properties.getConnectTimeout().plus(properties.getResponseTimeout()),
                properties.getRetry().toSettings());
    }

    @Bean
    @ConditionalOnMissingBean
    UidResolver cometChatUidResolver() {
        return new ClaimUidResolver();
    }

    @Bean
    @ConditionalOnMissingBean
    CallerResolver cometChatCallerResolver(IdentityExtractor identityExtractor, UidResolver uidResolver) {
        return new CallerResolver(identityExtractor, uidResolver);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenMinter cometChatTokenMinter() {
        return new TokenMinter();
    }

    @Bean
    @ConditionalOnMissingBean
    MintCoordinator cometGateMintCoordinator() {
        // Replaced by the Redis lock where Redis is available (RedisRateLimitConfiguration).
        return MintCoordinator.UNCOORDINATED;
    }

    @Bean
    @ConditionalOnMissingBean
    TokenService cometGateTokenService(TokenMinter minter, TokenCache cache, MintCoordinator coordinator) {
        return new TokenService(minter, cache, coordinator);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenRevoker cometGateTokenRevoker(TokenCache cache) {
        return new TokenRevoker(cache);
    }

    @Bean
    @ConditionalOnMissingBean
    UpstreamPause cometGateUpstreamPause(CometChatProperties properties) {
        // Replaced by the pause shared through Redis where Redis is available (RedisRateLimitConfiguration).
        return new UpstreamPause(SharedPauses.NONE, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    RateLimitStore cometGateLocalRateLimitStore(CometChatProperties properties) {
        // Only reached without Redis support on the class path (RedisRateLimitConfiguration declares one otherwise).
        logger.warn("Lettuce or bucket4j_jdk17-lettuce is not on the class path: CometGate's rate limits hold per "
                + "replica, not across replicas. Add both to share them through Redis.");
        LocalBucketStore local = localBucketStore(properties);
        return (key, policy, onRedisFailure) -> local.tryConsume(key, policy);
    }

    @Bean
    @ConditionalOnMissingBean
    PerUserRateLimiter cometGatePerUserRateLimiter(RateLimitStore store, CometChatProperties properties) {
        return new PerUserRateLimiter(store, properties.getRateLimit().getKeyPrefix());
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnUpstreamBudgetCondition.class)
    UpstreamBudget cometGateUpstreamBudget(RateLimitStore store, CometChatProperties properties) {
        CometChatProperties.RateLimit rateLimit = properties.getRateLimit();
        return new UpstreamBudget(store, LimitPolicy.of("upstream", LimitSpec.parseList(rateLimit.getUpstreamBudget())),
                rateLimit.getKeyPrefix(), rateLimit.getRedisFailure());
    }

    @Bean
    @ConditionalOnMissingBean
    TokenCache cometGateTokenCache() {
        // Replaced by the Redis cache where Redis is available (RedisTokenCacheConfiguration).
        return new NoTokenCache();
    }

    @Bean
    @ConditionalOnMissingBean
    GatewayErrorMapper cometChatGatewayErrorMapper() {
        return new GatewayErrorMapper();
    }

    @Bean
    @ConditionalOnMissingBean
    JsonResponseWriter cometChatJsonResponseWriter() {
        // A mapper of our own: the answer's field names are a contract, whatever the application's Jackson settings.
        return new JsonResponseWriter(JsonMapper.builder().build());
    }

    @Bean
    @ConditionalOnMissingBean
    AuditLog cometChatAuditLog() {
        return new AuditLog();
    }

    @Bean
    @ConditionalOnMissingBean
    EdgeRouteResolver cometGateEdgeRouteResolver(CometChatProperties properties, CometChatClient client) {
        return new EdgeRouteResolver(properties, client);
    }

    @Bean
    @ConditionalOnMissingBean
    EdgeRequestHandler cometGateEdgeRequestHandler(CallerResolver callerResolver, PerUserRateLimiter rateLimiter,
            JsonResponseWriter responseWriter, GatewayErrorMapper errorMapper, AuditLog auditLog,
            EdgeMetrics metrics) {
        return new EdgeRequestHandler(callerResolver, rateLimiter, responseWriter, errorMapper, auditLog, metrics);
    }

    @Bean
    @ConditionalOnMissingBean
    EdgeMetrics cometGateEdgeMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
        return new EdgeMetrics(meterRegistry.getIfUnique(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnEnabledFilter
    CometChatTokenGatewayFilterFactory cometChatTokenGatewayFilterFactory(CometChatProperties properties,
            EdgeRouteResolver routeResolver, EdgeRequestHandler handler, TokenService tokenService,
            TokenRevoker tokenRevoker) {
        return new CometChatTokenGatewayFilterFactory(properties, routeResolver, handler, tokenService, tokenRevoker);
    }

    static LocalBucketStore localBucketStore(CometChatProperties properties) {
        // Idle for a day, any bucket of a sane policy has refilled: forgetting it then changes nothing.
        return new LocalBucketStore(properties.getRateLimit().getLocalMaxBuckets(), java.time.Duration.ofDays(1));
    }

    /** With Lettuce and Bucket4j's Lettuce module: limits shared by all replicas through Redis. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ RedisClient.class, Bucket4jLettuce.class })
    static class RedisRateLimitConfiguration {

        @Bean
        @ConditionalOnMissingBean
        LettuceConnector cometGateLettuceConnector(Environment environment, CometChatProperties properties) {
            RedisSettings settings = Binder.get(environment)
                .bind("spring.data.redis", Bindable.of(RedisSettings.class))
                .orElseGet(RedisSettings::new);
            return new LettuceConnector(settings);
        }

        @Bean
        @ConditionalOnMissingBean
        SharedRedisConnection cometGateRedisConnection(LettuceConnector connector) {
            SharedRedisConnection connection = new SharedRedisConnection(connector);
            // Connects in the background, so that the first requests find Redis ready; a failure is retried later.
            connection.connection();
            return connection;
        }

        @Bean
        @ConditionalOnMissingBean
        RateLimitStore cometGateRateLimitStore(SharedRedisConnection connection, CometChatProperties properties,
                ObjectProvider<MeterRegistry> meterRegistry) {
            CometChatProperties.RateLimit rateLimit = properties.getRateLimit();
            RedisBucketStore redis = new RedisBucketStore(connection::connection, rateLimit.getRedisTimeout(),
                    rateLimit.getRedisMaxRetries(), true);
            // At start-up, not on the request path: the first requests then find Redis and Bucket4j ready.
            redis.warmUp(rateLimit.getKeyPrefix() + "warm-up").subscribe();
            return new ResilientBucketStore(redis, localBucketStore(properties), rateLimit.getRedisTimeout(),
                    rateLimit.getRedisRetryInterval(), meterRegistry.getIfUnique(() -> Metrics.globalRegistry),
                    Clock.systemUTC());
        }

    }

    /** The token cache, the mint lock and the upstream pause, shared by all replicas through Redis. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ RedisClient.class, Bucket4jLettuce.class })
    static class RedisTokenConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(name = "cometchat.token-cache.enabled", matchIfMissing = true)
        TokenCache cometGateTokenCache(SharedRedisConnection connection, CometChatProperties properties) {
            CometChatProperties.TokenCache cache = properties.getTokenCache();
            TokenCipher cipher = new TokenCipher(cache.getEncryptionKey(), cache.getPreviousEncryptionKeys());
            return new RedisTokenCache(connection, cipher, cache.getKeyPrefix(), cache.getTtl(), cache.getTimeout());
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(name = "cometchat.token-cache.enabled", matchIfMissing = true)
        MintCoordinator cometGateMintCoordinator(SharedRedisConnection connection, TokenCache cache,
                CometChatProperties properties) {
            CometChatProperties.TokenCache settings = properties.getTokenCache();
            return new RedisMintCoordinator(connection, cache, settings.getLockKeyPrefix(), settings.getLockTtl(),
                    settings.getLockWait(), settings.getTimeout());
        }

        @Bean
        @ConditionalOnMissingBean
        UpstreamPause cometGateUpstreamPause(SharedRedisConnection connection, CometChatProperties properties) {
            return new UpstreamPause(new RedisSharedPauses(connection, properties.getRateLimit().getKeyPrefix(),
                    properties.getRateLimit().getRedisTimeout()), Clock.systemUTC());
        }

    }

    /** With Spring Security: identities from JWT claims, introspected attributes or OAuth2 login attributes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken")
    static class SpringSecurityIdentityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        IdentityExtractor cometChatIdentityExtractor() {
            return new SpringSecurityIdentityExtractor();
        }

    }

    /** Without Spring Security's OAuth2 resource server: the principal's name is the subject. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken")
    static class PrincipalNameIdentityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        IdentityExtractor cometChatIdentityExtractor() {
            return new PrincipalNameIdentityExtractor();
        }

    }

}
