package io.cometgate.demo;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoders;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Every route needs a JWT validated by the OAuth2 resource server, except the health check. CSRF protection is off:
 * the API is called with bearer tokens, never with cookies.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class DemoSecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
            // Preflights answered before authentication, from the gateway's globalcors (DemoCorsConfiguration).
            .cors(Customizer.withDefaults())
            .authorizeExchange((exchanges) -> exchanges.pathMatchers("/actuator/health/**", "/actuator/health")
                .permitAll()
                .anyExchange()
                .authenticated())
            .oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
            .build();
    }

    /**
     * The issuer is read at start-up (OpenID discovery and its keys' location), not at the first request: a wrong
     * {@code ISSUER_URI} fails the start with a message that says what to fix.
     */
    @Bean
    ReactiveJwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
            @Value("${spring.security.oauth2.resourceserver.jwt.audiences:}") List<String> audiences) {
        NimbusReactiveJwtDecoder decoder;
        try {
            decoder = (NimbusReactiveJwtDecoder) ReactiveJwtDecoders.fromIssuerLocation(issuer);
        }
        catch (RuntimeException ex) {
            throw new IllegalStateException("The JWT issuer '" + issuer + "' (ISSUER_URI) could not be read: "
                    + ex.getClass().getSimpleName() + ". Check the URL, or unset ISSUER_URI to use the embedded "
                    + "development issuer.", ex);
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(issuer));
        List<String> expected = audiences.stream().filter((a) -> !a.isBlank()).toList();
        if (!expected.isEmpty()) {
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    (aud) -> aud != null && aud.stream().anyMatch(expected::contains)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

}
