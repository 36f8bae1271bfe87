package io.cometgate.gateway.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.JwkSetUriReactiveJwtDecoderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;

/**
 * Bounds the key-set fetches of the JWT decoder Spring Boot builds from
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}: Boot applies every
 * {@link JwkSetUriReactiveJwtDecoderBuilderCustomizer} bean to it, so a gateway that uses Boot's decoder gets
 * {@link JwkSetFetchLimiter} without writing anything. A gateway that builds its own decoder uses
 * {@link JwkSetFetchLimiter#webClient(java.time.Duration)}.
 */
@AutoConfiguration
@ConditionalOnClass({ NimbusReactiveJwtDecoder.class, JwkSetUriReactiveJwtDecoderBuilderCustomizer.class })
@ConditionalOnProperty(prefix = "cometchat", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(JwtKeySetProperties.class)
class JwtKeySetAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "cometGateJwkSetFetchLimit")
    JwkSetUriReactiveJwtDecoderBuilderCustomizer cometGateJwkSetFetchLimit(JwtKeySetProperties properties) {
        return (builder) -> builder.webClient(JwkSetFetchLimiter.webClient(properties.getKeySetRefetchInterval()));
    }

}
