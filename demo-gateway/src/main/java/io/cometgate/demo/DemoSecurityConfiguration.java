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
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

import io.cometgate.gateway.security.GatewayAccessDeniedHandler;
import io.cometgate.gateway.security.GatewayAuthenticationEntryPoint;
import io.cometgate.gateway.security.JwkSetFetchLimiter;
import io.cometgate.gateway.security.JwtKeySetProperties;

/**
 * Every route needs a JWT validated by the OAuth2 resource server, except the health check; the other actuator
 * endpoints need the {@code cometgate-ops} scope ({@code demo.security.actuator-authority}). CSRF protection is off:
 * the API is called with bearer tokens, never with cookies.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class DemoSecurityConfiguration {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http,
            @Value("${demo.security.actuator-authority:SCOPE_cometgate-ops}") String actuatorAuthority) {
        // Errors in the gateway's JSON shape, with a WWW-Authenticate that never echoes the token (issue 8).
        GatewayAuthenticationEntryPoint entryPoint = new GatewayAuthenticationEntryPoint();
        GatewayAccessDeniedHandler accessDenied = new GatewayAccessDeniedHandler();
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
            // Stateless: every request brings its JWT, so nothing is kept in or read from a web session. Spring
            // Security's defaults would look for a security context in a session on every request, and creating
            // one takes two thread hand-offs (Spring's in-memory session store).
            .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
            .requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
            // Preflights answered before authentication, from the gateway's globalcors (DemoCorsConfiguration).
            .cors(Customizer.withDefaults())
            .authorizeExchange((exchanges) -> exchanges.pathMatchers("/actuator/health/**", "/actuator/health")
                .permitAll()
                // Metrics are for operators: any end user's JWT is not enough (issue 8).
                .pathMatchers("/actuator/**")
                .hasAuthority(actuatorAuthority)
                .anyExchange()
                .authenticated())
            .oauth2ResourceServer((resourceServer) -> resourceServer.authenticationEntryPoint(entryPoint)
                .accessDeniedHandler(accessDenied)
                .jwt(Customizer.withDefaults()))
            .exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
                .accessDeniedHandler(accessDenied))
            .build();
    }

    /**
     * The issuer is read at start-up (OpenID discovery and its keys' location), not at the first request: a wrong
     * {@code ISSUER_URI} fails the start with a message that says what to fix.
     * <p>
     * With {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri} set, the keys are read there and the issuer
     * is not called at all; tokens must still name {@code ISSUER_URI} as their {@code iss}. For an issuer whose
     * public URL (the one in its tokens, the one browsers use) cannot be reached from where the gateway runs, such
     * as docker-compose.yml's: {@code http://localhost:8081/demo} in every token, keys at
     * {@code http://issuer:8080/demo/jwks} inside the network.
     */
    @Bean
    ReactiveJwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
            @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String jwkSetUri,
            @Value("${spring.security.oauth2.resourceserver.jwt.audiences:}") List<String> audiences,
            JwtKeySetProperties keySet) {
        // Anonymous JWTs naming unknown kids must not make us fetch the issuer's keys on every request (issue 8).
        WebClient keyFetcher = JwkSetFetchLimiter.webClient(keySet.getKeySetRefetchInterval());
        NimbusReactiveJwtDecoder decoder = StringUtils.hasText(jwkSetUri)
                ? NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri).webClient(keyFetcher).build()
                : NimbusReactiveJwtDecoder.withIssuerLocation(readIssuer(issuer)).webClient(keyFetcher).build();
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

    private static String readIssuer(String issuer) {
        try {
            ReactiveJwtDecoders.fromIssuerLocation(issuer);
            return issuer;
        }
        catch (RuntimeException ex) {
            throw new IllegalStateException("The JWT issuer '" + issuer + "' (ISSUER_URI) could not be read: "
                    + ex.getClass().getSimpleName() + ". Check the URL, or unset ISSUER_URI to use the embedded "
                    + "development issuer.", ex);
        }
    }

}
