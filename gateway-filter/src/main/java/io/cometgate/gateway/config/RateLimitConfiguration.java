package io.cometgate.gateway.config;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import io.cometgate.gateway.internal.ratelimit.LimitPolicy;
import io.cometgate.gateway.internal.ratelimit.LimitSpec;
import io.cometgate.gateway.internal.ratelimit.LocalBucketStore;
import io.cometgate.gateway.internal.ratelimit.PerUserRateLimiter;
import io.cometgate.gateway.internal.ratelimit.RateLimitStore;
import io.cometgate.gateway.internal.ratelimit.SharedPauses;
import io.cometgate.gateway.internal.ratelimit.UpstreamBudget;
import io.cometgate.gateway.internal.ratelimit.UpstreamPause;

/**
 * The limits: each user's, and the app's upstream budget, on whatever {@link RateLimitStore} there is; without
 * Redis support on the class path, a store and pauses of this replica only. Part of
 * {@link CometGateAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    // The category this warning has always had, so that existing log filters still find it.
    private static final Logger logger = LoggerFactory.getLogger(CometGateAutoConfiguration.class);

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

    /**
     * Without Lettuce, Bucket4j's Lettuce module or Spring Boot's Redis module ({@link CometGateRedisAutoConfiguration}
     * does not apply): limits and upstream pauses hold per replica.
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
            LocalBucketStore local = CometGateAutoConfiguration.localBucketStore(properties);
            return (key, policy, onRedisFailure) -> local.tryConsume(key, policy);
        }

        @Bean
        @ConditionalOnMissingBean
        UpstreamPause cometGateLocalUpstreamPause() {
            return new UpstreamPause(SharedPauses.NONE, Clock.systemUTC());
        }

    }

}
