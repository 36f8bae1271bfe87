package io.cometgate.gateway.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.cloud.gateway.config.conditional.ConditionalOnEnabledFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import io.cometgate.gateway.audit.AuditLog;
import io.cometgate.gateway.audit.EdgeMetrics;
import io.cometgate.gateway.cache.NoTokenCache;
import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatConnections;
import io.cometgate.gateway.edge.EdgeRequestHandler;
import io.cometgate.gateway.filter.factory.CometChatTokenGatewayFilterFactory;
import io.cometgate.gateway.filter.factory.RouteSettingsResolver;
import io.cometgate.gateway.health.CometChatAppStates;
import io.cometgate.gateway.health.CometChatResponseObserver;
import io.cometgate.gateway.ratelimit.LimitPolicy;
import io.cometgate.gateway.ratelimit.LimitSpec;
import io.cometgate.gateway.ratelimit.LocalBucketStore;
import io.cometgate.gateway.ratelimit.PerUserRateLimiter;
import io.cometgate.gateway.ratelimit.RateLimitStore;
import io.cometgate.gateway.ratelimit.UpstreamBudget;
import io.cometgate.gateway.ratelimit.UpstreamHeadroom;
import io.cometgate.gateway.ratelimit.SharedPauses;
import io.cometgate.gateway.ratelimit.UpstreamPause;
import io.cometgate.gateway.token.AgedTokenRevoker;
import io.cometgate.gateway.token.MintCoordinator;
import io.cometgate.gateway.token.TokenMetrics;
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
 * This is the core: what every arrangement needs. What is shared between replicas through Redis is declared by
 * {@link CometGateRedisAutoConfiguration}, which runs first when Lettuce and Bucket4j's Lettuce module are on the
 * class path; the per-replica alternatives here ({@code @ConditionalOnMissingBean}, or {@link LocalConfiguration}
 * without those classes) then back off by type. Without them each replica limits on its own, with a warning. No bean
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
    CometChatConnections cometGateCometChatConnections(CometChatProperties properties,
            ObjectProvider<ObservationRegistry> observationRegistry, UpstreamPause upstreamPause,
            ObjectProvider<UpstreamBudget> upstreamBudget, UpstreamHeadroom upstreamHeadroom,
            ObjectProvider<CometChatResponseObserver> observer) {
        // A paused app is not called at all (and spends no budget), nor is one held back by its headroom; the budget
        // is spent only by calls sent.
        List<ExchangeFilterFunction> guards = new ArrayList<>();
        guards.add(upstreamPause);
        guards.add(upstreamHeadroom);
        upstreamBudget.ifAvailable(guards::add);
        // Last: learns from the answers of calls really sent (health, CometChat's rate-limit headers).
        observer.ifAvailable(guards::add);
        return new CometChatConnections(properties.getConnectTimeout(), properties.getResponseTimeout(),
                MAX_CONNECTIONS, observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP), guards);
    }

    @Bean
    @ConditionalOnMissingBean
    CometChatClient cometGateCometChatClient(CometChatProperties properties, CometChatConnections connections) {
        CometChatApp app = CometChatApp.of(properties.getAppId(), properties.getRegion(), properties.getRestApiKey(),
                properties.getBaseUrl());
        // Each attempt, connection included, is bounded (connect, then wait for the answer); retries by max-total-time.
        return new CometChatClient(connections.webClient(), app,
                properties.getConnectTimeout().plus(properties.getResponseTimeout()),
                properties.getRetry().toSettings());
    }

    @Bean
    @ConditionalOnMissingBean
    UidResolver cometGateUidResolver() {
        return new ClaimUidResolver();
    }

    @Bean
    @ConditionalOnMissingBean
    CallerResolver cometGateCallerResolver(IdentityExtractor identityExtractor, UidResolver uidResolver) {
        return new CallerResolver(identityExtractor, uidResolver);
    }

    @Bean
    @ConditionalOnMissingBean
    UpstreamHeadroom cometGateUpstreamHeadroom(CometChatProperties properties,
            ObjectProvider<MeterRegistry> meterRegistry) {
        return new UpstreamHeadroom(properties.getRateLimit().getUpstreamSlowdownThreshold(),
                meterRegistry.getIfUnique(() -> Metrics.globalRegistry), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    AgedTokenRevoker cometGateAgedTokenRevoker(CometChatProperties properties,
            ObjectProvider<MeterRegistry> meterRegistry) {
        Duration maxAge = properties.tokenMaxAgeOrNull();
        return (maxAge != null) ? new AgedTokenRevoker(maxAge, AgedTokenRevoker.DEFAULT_MAX_REVOCATIONS_PER_MINT,
                Clock.systemUTC(), meterRegistry.getIfUnique(() -> Metrics.globalRegistry)) : AgedTokenRevoker.NONE;
    }

    @Bean
    @ConditionalOnMissingBean
    TokenMinter cometGateTokenMinter(CometChatProperties properties, AgedTokenRevoker agedTokenRevoker) {
        return new TokenMinter(properties.getProvisioning().isReactivateDeactivated(), agedTokenRevoker);
    }

    @Bean
    @ConditionalOnMissingBean
    MintCoordinator cometGateUncoordinatedMints() {
        // Without Redis, or with the token cache off: no lock to share, each replica mints for itself.
        return MintCoordinator.UNCOORDINATED;
    }

    @Bean
    @ConditionalOnMissingBean
    TokenService cometGateTokenService(TokenMinter minter, TokenCache cache, MintCoordinator coordinator,
            ObjectProvider<MeterRegistry> meterRegistry) {
        return new TokenService(minter, cache, coordinator,
                new TokenMetrics(meterRegistry.getIfUnique(() -> Metrics.globalRegistry)));
    }

    @Bean
    @ConditionalOnMissingBean
    TokenRevoker cometGateTokenRevoker(TokenCache cache) {
        return new TokenRevoker(cache);
    }

    @Bean
    @ConditionalOnMissingBean
    PerUserRateLimiter cometGatePerUserRateLimiter(RateLimitStore store, CometChatProperties properties) {
        return new PerUserRateLimiter(store, properties.getRateLimit().getKeyPrefix());
    }

    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnUpstreamBudgetCondition.class)
    UpstreamBudget cometGateUpstreamBudget(RateLimitStore store, CometChatProperties properties,
            ObjectProvider<MeterRegistry> meterRegistry) {
        RateLimitProperties rateLimit = properties.getRateLimit();
        return new UpstreamBudget(store, LimitPolicy.of("upstream", LimitSpec.parseList(rateLimit.getUpstreamBudget())),
                rateLimit.getKeyPrefix(), rateLimit.getRedisFailure(),
                meterRegistry.getIfUnique(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnMissingBean
    TokenCache cometGateNoTokenCache() {
        // Without Redis, or with cometchat.token-cache.enabled=false: every token request mints.
        return new NoTokenCache();
    }

    @Bean
    @ConditionalOnMissingBean
    GatewayErrorMapper cometGateErrorMapper(ObjectProvider<MeterRegistry> meterRegistry) {
        return new GatewayErrorMapper(meterRegistry.getIfUnique(() -> Metrics.globalRegistry), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    JsonResponseWriter cometGateJsonResponseWriter() {
        // A mapper of our own: the answer's field names are a contract, whatever the application's Jackson settings.
        return new JsonResponseWriter(JsonMapper.builder().build());
    }

    @Bean
    @ConditionalOnMissingBean
    AuditLog cometGateAuditLog(CometChatProperties properties) {
        return new AuditLog(properties.getAudit().isCachedHandOuts());
    }

    @Bean
    @ConditionalOnMissingBean
    RouteSettingsResolver cometGateRouteSettingsResolver(CometChatProperties properties, CometChatClient client,
            ObjectProvider<CometChatAppStates> appStates) {
        CometChatAppStates states = appStates.getIfAvailable();
        // Each route's own app is health-checked too, once its route is built.
        return (states != null) ? new RouteSettingsResolver(properties, client, states::watch)
                : new RouteSettingsResolver(properties, client);
    }

    @Bean
    @ConditionalOnMissingBean
    EdgeRequestHandler cometGateEdgeRequestHandler(CallerResolver callerResolver, PerUserRateLimiter rateLimiter,
            JsonResponseWriter responseWriter, GatewayErrorMapper errorMapper, AuditLog auditLog,
            EdgeMetrics metrics, CometChatProperties properties) {
        return new EdgeRequestHandler(callerResolver, rateLimiter, responseWriter, errorMapper, auditLog, metrics,
                properties.getRequestTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    EdgeMetrics cometGateEdgeMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
        return new EdgeMetrics(meterRegistry.getIfUnique(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnEnabledFilter
    CometChatTokenGatewayFilterFactory cometGateTokenGatewayFilterFactory(RouteSettingsResolver routeResolver,
            EdgeRequestHandler handler, TokenService tokenService, TokenRevoker tokenRevoker) {
        return new CometChatTokenGatewayFilterFactory(routeResolver, handler, tokenService, tokenRevoker);
    }

    static LocalBucketStore localBucketStore(CometChatProperties properties) {
        return new LocalBucketStore(properties.getRateLimit().getLocalMaxBuckets(), LOCAL_BUCKET_IDLE);
    }

    /** Idle for a day, any bucket of a sane policy has refilled: forgetting it then changes nothing. */
    static final Duration LOCAL_BUCKET_IDLE = Duration.ofDays(1);

    /**
     * Without Lettuce, Bucket4j's Lettuce module or Spring Boot's Redis module ({@link CometGateRedisAutoConfiguration}
     * does not apply):
     * limits and upstream pauses hold per replica.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(OnRedisSupportMissingCondition.class)
    static class LocalConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RateLimitStore cometGateLocalRateLimitStore(CometChatProperties properties) {
            logger.warn("Lettuce, bucket4j_jdk17-lettuce or spring-boot-data-redis is not on the class path: "
                    + "CometGate's rate limits hold per replica, not across replicas. Add all three to share them "
                    + "through Redis.");
            LocalBucketStore local = localBucketStore(properties);
            return (key, policy, onRedisFailure) -> local.tryConsume(key, policy);
        }

        @Bean
        @ConditionalOnMissingBean
        UpstreamPause cometGateLocalUpstreamPause() {
            return new UpstreamPause(SharedPauses.NONE, Clock.systemUTC());
        }

    }

    /** With Spring Security: identities from JWT claims, introspected attributes or OAuth2 login attributes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken")
    static class SpringSecurityIdentityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        IdentityExtractor cometGateIdentityExtractor() {
            return new SpringSecurityIdentityExtractor();
        }

    }

    /** Without Spring Security's OAuth2 resource server: the principal's name is the subject. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken")
    static class PrincipalNameIdentityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        IdentityExtractor cometGateIdentityExtractor() {
            return new PrincipalNameIdentityExtractor();
        }

    }

}
