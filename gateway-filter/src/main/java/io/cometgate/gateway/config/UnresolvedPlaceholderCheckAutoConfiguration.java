package io.cometgate.gateway.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link UnresolvedPlaceholderCheck}. Its own auto-configuration, so the check runs even when the CometGate
 * configuration it protects would fail (or back off) for another reason first; under the same switches as CometGate,
 * so that an application that turned CometGate off ({@code cometchat.enabled=false}) is not checked at all.
 */
@AutoConfiguration
@ConditionalOnClass(AbstractGatewayFilterFactory.class)
@ConditionalOnProperty(name = { "spring.cloud.gateway.server.webflux.enabled", "cometchat.enabled" },
        matchIfMissing = true)
class UnresolvedPlaceholderCheckAutoConfiguration {

    @Bean
    static UnresolvedPlaceholderCheck cometGateUnresolvedPlaceholderCheck() {
        return new UnresolvedPlaceholderCheck();
    }

}
