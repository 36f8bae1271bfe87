package io.cometgate.gateway.config;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.cloud.gateway.config.conditional.ConditionalOnEnabledFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.cometgate.gateway.internal.audit.AuditLog;
import io.cometgate.gateway.internal.audit.EdgeMetrics;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.internal.edge.EdgeRequestHandler;
import io.cometgate.gateway.filter.factory.CometChatTokenGatewayFilterFactory;
import io.cometgate.gateway.filter.factory.RouteSettingsResolver;
import io.cometgate.gateway.internal.health.CometChatAppStates;
import io.cometgate.gateway.internal.ratelimit.LocalBucketStore;
import io.cometgate.gateway.internal.ratelimit.PerUserRateLimiter;
import io.cometgate.gateway.internal.token.TokenRevoker;
import io.cometgate.gateway.internal.token.TokenService;
import io.cometgate.gateway.uid.CallerResolver;
import io.cometgate.gateway.internal.web.GatewayErrorMapper;
import io.cometgate.gateway.internal.web.JsonResponseWriter;

/**
 * Registers the CometChat gateway filters and what they need. Every bean backs off when the application declares
 * its own; the token filter can be switched off with
 * {@code spring.cloud.gateway.server.webflux.filter.comet-chat-token.enabled=false}, everything with
 * {@code cometchat.enabled=false}.
 * <p>
 * This is the core: what every arrangement needs, in focused parts: {@link CometChatClientConfiguration} (calling
 * CometChat), {@link CallerConfiguration} (who the caller is), {@link RateLimitConfiguration} (the limits),
 * {@link TokenConfiguration} (a user's token), {@link CometChatUserFilterConfiguration} (the user route); here, the
 * token route and the steps every route shares (answers, errors, audit). What is shared between replicas through
 * Redis is declared by {@link CometGateRedisAutoConfiguration}, which runs first when Lettuce and Bucket4j's Lettuce
 * module are on the class path; the per-replica alternatives ({@code @ConditionalOnMissingBean}, or
 * {@link RateLimitConfiguration.LocalConfiguration} without those classes) then back off by type. Without them each
 * replica limits on its own, with a warning. No bean here is a {@code RateLimiter}, {@code KeyResolver} or Bucket4j
 * {@code AsyncProxyManager}, so Spring Cloud Gateway's own rate-limiter auto-configuration is left untouched.
 */
@AutoConfiguration(before = GatewayAutoConfiguration.class)
@ConditionalOnClass(AbstractGatewayFilterFactory.class)
@ConditionalOnProperty(name = { "spring.cloud.gateway.server.webflux.enabled", "cometchat.enabled" },
        matchIfMissing = true)
@EnableConfigurationProperties(CometChatProperties.class)
@Import({ CometChatClientConfiguration.class, CallerConfiguration.class, RateLimitConfiguration.class,
        TokenConfiguration.class, CometChatUserFilterConfiguration.class })
public class CometGateAutoConfiguration {

    /** Idle for a day, any bucket of a sane policy has refilled: forgetting it then changes nothing. */
    static final Duration LOCAL_BUCKET_IDLE = Duration.ofDays(1);

    /** The per-replica buckets, alone without Redis support or as the fallback while Redis fails. */
    static LocalBucketStore localBucketStore(CometChatProperties properties) {
        return new LocalBucketStore(properties.getRateLimit().getLocalMaxBuckets(), LOCAL_BUCKET_IDLE);
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
    EdgeMetrics cometGateEdgeMetrics(ObjectProvider<MeterRegistry> meterRegistry) {
        return new EdgeMetrics(meterRegistry.getIfUnique(() -> Metrics.globalRegistry));
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
    @ConditionalOnEnabledFilter
    CometChatTokenGatewayFilterFactory cometGateTokenGatewayFilterFactory(RouteSettingsResolver routeResolver,
            EdgeRequestHandler handler, TokenService tokenService, TokenRevoker tokenRevoker) {
        return new CometChatTokenGatewayFilterFactory(routeResolver, handler, tokenService, tokenRevoker);
    }

}
