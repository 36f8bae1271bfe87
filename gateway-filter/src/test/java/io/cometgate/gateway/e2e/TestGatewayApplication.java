package io.cometgate.gateway.e2e;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The gateway under test: a real Spring Cloud Gateway with Spring Security's OAuth2 resource server validating JWTs
 * from a real issuer. {@code /open/**} is deliberately left unprotected to prove the filter's own 401.
 */
@SpringBootApplication
@EnableWebFluxSecurity
public class TestGatewayApplication {

    /** Where the tests read CometGate's metrics (a gateway with Actuator gets its registry from Spring Boot). */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
            .authorizeExchange((exchanges) -> exchanges.pathMatchers("/open/**").permitAll().anyExchange().authenticated())
            .oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
            .build();
    }

}
