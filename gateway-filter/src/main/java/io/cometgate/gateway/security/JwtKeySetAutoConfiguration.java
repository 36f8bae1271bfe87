package io.cometgate.gateway.security;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
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
 * <p>
 * This reaches beyond CometGate's routes (the decoder guards the whole application), so it says so in the log when it
 * is applied, and {@code cometchat.jwt.key-set-fetch-limit.enabled=false} leaves Boot's decoder as Boot builds it.
 */
@AutoConfiguration
@ConditionalOnClass({ NimbusReactiveJwtDecoder.class, JwkSetUriReactiveJwtDecoderBuilderCustomizer.class })
@ConditionalOnProperty(prefix = "cometchat", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = JwtKeySetAutoConfiguration.ENABLED_PROPERTY, matchIfMissing = true)
@EnableConfigurationProperties(JwtKeySetProperties.class)
class JwtKeySetAutoConfiguration {

    static final String ENABLED_PROPERTY = "cometchat.jwt.key-set-fetch-limit.enabled";

    private static final Logger logger = LoggerFactory.getLogger(JwtKeySetAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(name = "cometGateJwkSetFetchLimit")
    JwkSetUriReactiveJwtDecoderBuilderCustomizer cometGateJwkSetFetchLimit(JwtKeySetProperties properties) {
        Duration interval = properties.getKeySetRefetchInterval();
        return (builder) -> {
            // Logged when Boot builds its decoder, not when this bean is created: an application with a decoder of
            // its own never calls this, and is not told otherwise.
            logger.info("CometGate replaces the WebClient of Spring Boot's JWT decoder (spring.security.oauth2."
                    + "resourceserver.jwt.*): the issuer's key set is fetched at most once every {} "
                    + "(cometchat.jwt.key-set-refetch-interval), whatever 'kid' a JWT names. Set {}=false to keep "
                    + "Boot's own.", interval, ENABLED_PROPERTY);
            builder.webClient(JwkSetFetchLimiter.webClient(interval));
        };
    }

}
