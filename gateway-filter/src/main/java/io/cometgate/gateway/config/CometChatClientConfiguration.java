package io.cometgate.gateway.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatConnections;
import io.cometgate.gateway.internal.health.CometChatResponseObserver;
import io.cometgate.gateway.internal.ratelimit.UpstreamBudget;
import io.cometgate.gateway.internal.ratelimit.UpstreamHeadroom;
import io.cometgate.gateway.internal.ratelimit.UpstreamPause;

/**
 * How CometGate talks to CometChat: the connections, with the guards every call passes (the 429 pause, the headroom
 * slowdown, the upstream budget, the answers' observer), and the client of the configured app. Part of
 * {@link CometGateAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class CometChatClientConfiguration {

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
        IneffectiveTimeouts.warnAbout(properties);
        CometChatApp app = CometChatApp.of(properties.getAppId(), properties.getRegion(), properties.getRestApiKey(),
                properties.getBaseUrl());
        // Each attempt, connection included, is bounded (connect, then wait for the answer); retries by max-total-time.
        return new CometChatClient(connections.webClient(), app,
                properties.getConnectTimeout().plus(properties.getResponseTimeout()),
                properties.getRetry().toSettings(properties.getRequestTimeout()));
    }

    @Bean
    @ConditionalOnMissingBean
    UpstreamHeadroom cometGateUpstreamHeadroom(CometChatProperties properties,
            ObjectProvider<MeterRegistry> meterRegistry) {
        RateLimitProperties rateLimit = properties.getRateLimit();
        // Off, it still reads CometChat's headers (their gauges), and a threshold of 0 never slows a call down.
        double threshold = rateLimit.isUpstreamSlowdownEnabled() ? rateLimit.getUpstreamSlowdownThreshold() : 0;
        return new UpstreamHeadroom(threshold, meterRegistry.getIfUnique(() -> Metrics.globalRegistry),
                Clock.systemUTC());
    }

}
