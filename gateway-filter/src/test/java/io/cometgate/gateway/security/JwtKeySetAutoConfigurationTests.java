package io.cometgate.gateway.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.JwkSetUriReactiveJwtDecoderBuilderCustomizer;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key-set bound reaches the application's own JWT decoder (Spring Boot's), so it must say so at start and be
 * possible to turn off. The bound itself is {@link JwkSetFetchLimiterTests} and {@code JwtKeySetEndToEndTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
class JwtKeySetAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ReactiveWebSecurityAutoConfiguration.class,
                ReactiveOAuth2ResourceServerAutoConfiguration.class,
                JwtKeySetAutoConfiguration.class))
        // Boot builds its decoder from this URL; nothing is fetched until a JWT is decoded.
        .withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:9/jwks");

    @Test
    void startWhenBootBuildsTheDecoderThenTheReplacedWebClientIsAnnounced(CapturedOutput output) {
        this.runner.withPropertyValues("cometchat.jwt.key-set-refetch-interval=45s").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(ReactiveJwtDecoder.class);
            assertThat(context).hasBean("cometGateJwkSetFetchLimit");
            assertThat(output).contains("CometGate replaces the WebClient of Spring Boot's JWT decoder")
                .contains("at most once every PT45S")
                .contains("cometchat.jwt.key-set-fetch-limit.enabled=false");
        });
    }

    @Test
    void startWhenTurnedOffThenBootsDecoderIsLeftAlone(CapturedOutput output) {
        this.runner.withPropertyValues("cometchat.jwt.key-set-fetch-limit.enabled=false").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(ReactiveJwtDecoder.class);
            assertThat(context).doesNotHaveBean(JwkSetUriReactiveJwtDecoderBuilderCustomizer.class);
            assertThat(output).doesNotContain("CometGate replaces the WebClient");
        });
    }

    @Test
    void startWhenCometGateIsOffThenBootsDecoderIsLeftAlone() {
        this.runner.withPropertyValues("cometchat.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(JwkSetUriReactiveJwtDecoderBuilderCustomizer.class));
    }

    @Test
    void startWhenIntervalIsZeroThenFailsPointingAtTheFlag() {
        // One spelling of "off": the flag, never a zero interval.
        this.runner.withPropertyValues("cometchat.jwt.key-set-refetch-interval=0").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("cometchat.jwt.key-set-fetch-limit.enabled=false");
        });
    }

}
