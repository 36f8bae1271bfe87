package io.cometgate.demo;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
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
            .authorizeExchange((exchanges) -> exchanges.pathMatchers("/actuator/health/**", "/actuator/health")
                .permitAll()
                .anyExchange()
                .authenticated())
            .oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
            .build();
    }

}
