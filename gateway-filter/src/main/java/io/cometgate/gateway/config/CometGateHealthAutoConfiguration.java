package io.cometgate.gateway.config;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;


import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cometgate.gateway.internal.cache.RedisTokenInvalidations;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.internal.health.CometChatAccessChecker;
import io.cometgate.gateway.internal.health.CometChatAppStates;
import io.cometgate.gateway.internal.health.CometChatHealthContributor;
import io.cometgate.gateway.internal.health.CometChatResponseObserver;
import io.cometgate.gateway.internal.health.RedisHealthIndicator;
import io.cometgate.gateway.internal.health.TokenInvalidationsHealthIndicator;
import io.cometgate.gateway.internal.health.UpstreamPauseHealthIndicator;
import io.cometgate.gateway.internal.ratelimit.UpstreamPause;
import io.cometgate.gateway.internal.redis.RedisStartupCheck;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;

/**
 * CometGate's health, under the name {@code cometgate} ({@code /actuator/health/cometgate}): {@code redis},
 * {@code cometchat} (one entry per app) and {@code upstreamPause}; see the README's "Operating CometGate" for what
 * each status means and which make a replica not ready. Needs Spring Boot's health support on the class path.
 */
@AutoConfiguration(after = { CometGateAutoConfiguration.class, CometGateRedisAutoConfiguration.class })
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.ReactiveHealthIndicator")
@ConditionalOnBean(CometChatClient.class)
@ConditionalOnProperty(name = "cometchat.health.enabled", matchIfMissing = true)
public class CometGateHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CometChatAppStates cometGateCometChatAppStates() {
        return new CometChatAppStates(Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    CometChatResponseObserver cometGateCometChatResponseObserver(CometChatAppStates states) {
        return new CometChatResponseObserver(states);
    }

    @Bean
    @ConditionalOnMissingBean
    CometChatAccessChecker cometGateCometChatAccessChecker(CometChatClient client, CometChatAppStates states,
            @Value("${cometchat.health.check-interval:1m}") Duration interval) {
        states.watch(client.app());
        return new CometChatAccessChecker(client, states, interval);
    }

    @Bean(name = "cometgate")
    @ConditionalOnMissingBean(name = "cometgate")
    CompositeReactiveHealthContributor cometGateHealthContributor(CometChatAppStates states, UpstreamPause pause,
            ObjectProvider<RedisHealthIndicator> redis, ObjectProvider<TokenInvalidationsHealthIndicator> invalidations) {
        Map<String, ReactiveHealthContributor> parts = new LinkedHashMap<>();
        redis.ifAvailable((indicator) -> parts.put("redis", indicator));
        invalidations.ifAvailable((indicator) -> parts.put("tokenInvalidations", indicator));
        parts.put("cometchat", new CometChatHealthContributor(states));
        parts.put("upstreamPause", new UpstreamPauseHealthIndicator(pause, states, Clock.systemUTC()));
        return CompositeReactiveHealthContributor.fromMap(parts);
    }

    /** Only where CometGate talks to Redis (Lettuce on the class path and its connection built). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.lettuce.core.RedisClient")
    @ConditionalOnBean(type = "io.cometgate.gateway.internal.redis.SharedRedisConnection")
    static class RedisHealthConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RedisHealthIndicator cometGateRedisHealthIndicator(SharedRedisConnection connection,
                CometChatProperties properties, @Value("${cometchat.health.redis-timeout:1s}") Duration timeout,
                ObjectProvider<RedisStartupCheck> startupCheck) {
            // The indicator bounds the PING itself (and names the bound in its details); the connection's own command
            // timeout, and its "known down" state, apply too.
            RedisStartupCheck check = startupCheck.getIfAvailable();
            return new RedisHealthIndicator(() -> connection.call((commands) -> commands.ping()), timeout,
                    properties.getRateLimit().getRedisFailure(), (check != null) ? check::problem : () -> null);
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(type = "io.cometgate.gateway.internal.cache.RedisTokenInvalidations")
        TokenInvalidationsHealthIndicator cometGateTokenInvalidationsHealthIndicator(
                RedisTokenInvalidations invalidations) {
            return new TokenInvalidationsHealthIndicator(invalidations::coherent, invalidations::subscribed,
                    invalidations::coherenceLosses);
        }

    }

}
