package io.cometgate.gateway.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.gateway.config.conditional.ConditionalOnEnabledFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.internal.edge.EdgeRequestHandler;
import io.cometgate.gateway.filter.factory.CometChatUserGatewayFilterFactory;
import io.cometgate.gateway.filter.factory.RouteSettingsResolver;
import io.cometgate.gateway.internal.user.UserLifecycle;

/**
 * The {@code CometChatUser} filter: the caller's own CometChat user (sync, read, erase). Switched off with
 * {@code spring.cloud.gateway.server.webflux.filter.comet-chat-user.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
class CometChatUserFilterConfiguration {

    @Bean
    @ConditionalOnMissingBean
    UserLifecycle cometGateUserLifecycle(TokenCache tokenCache) {
        return new UserLifecycle(tokenCache);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnEnabledFilter
    CometChatUserGatewayFilterFactory cometGateUserGatewayFilterFactory(RouteSettingsResolver routeResolver,
            EdgeRequestHandler handler, UserLifecycle userLifecycle) {
        return new CometChatUserGatewayFilterFactory(routeResolver, handler, userLifecycle);
    }

}
