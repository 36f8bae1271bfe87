package io.cometgate.gateway.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.cloud.gateway.config.conditional.ConditionalOnEnabledFilter;
import org.springframework.context.annotation.Bean;

import io.cometgate.gateway.filter.factory.RequireHttpsGatewayFilterFactory;

/** Registers the {@code RequireHttps} route filter. */
@AutoConfiguration(before = GatewayAutoConfiguration.class)
@ConditionalOnClass(GatewayAutoConfiguration.class)
@ConditionalOnProperty(prefix = "cometchat", name = "enabled", havingValue = "true", matchIfMissing = true)
class RequireHttpsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnEnabledFilter
    RequireHttpsGatewayFilterFactory requireHttpsGatewayFilterFactory() {
        return new RequireHttpsGatewayFilterFactory();
    }

}
