package io.cometgate.demo;

import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * CORS for single-page apps on another origin, configured in one place: Spring Cloud Gateway's own
 * {@code spring.cloud.gateway.server.webflux.globalcors.cors-configurations}.
 * <p>
 * Spring Security's {@code cors()} reads this source (a reactive chain also applies it unasked once this bean
 * exists; the demo's chain says {@code cors()} anyway, to be explicit), so its CORS filter runs before
 * authentication: a preflight
 * ({@code OPTIONS} without a JWT, as browsers send it) from an allowed origin is answered there, instead of the 401 the
 * resource server would give it, and one from any other origin is refused without
 * {@code Access-Control-Allow-Origin}. The gateway's own handler mapping applies the same configuration to the routes.
 */
@Configuration(proxyBeanMethods = false)
class DemoCorsConfiguration {

    @Bean
    CorsConfigurationSource corsConfigurationSource(GlobalCorsProperties globalCors) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        globalCors.getCorsConfigurations().forEach(source::registerCorsConfiguration);
        return source;
    }

}
