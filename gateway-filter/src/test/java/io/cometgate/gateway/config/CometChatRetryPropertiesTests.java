package io.cometgate.gateway.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;

import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.RetrySettings;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cometchat.retry.*}: defaults, binding into the client, and start-up failures naming the property. */
@ExtendWith(OutputCaptureExtension.class)
class CometChatRetryPropertiesTests {

    private static final String KEY = "0123456789abcdef0123456789abcdef01234567";

    private final ReactiveWebApplicationContextRunner configured = new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                CometGateRedisAutoConfiguration.class, CometGateAutoConfiguration.class))
        // The token cache (Redis, its own key) plays no part in retries.
        .withPropertyValues("cometchat.app-id=app1", "cometchat.region=eu", "cometchat.rest-api-key=" + KEY,
                "cometchat.token-cache.enabled=false");

    @Test
    void defaultsAreTheClientDefaultsBoundedByTheRequestTimeout() {
        // max-total-time unset: a call may take what a request may take, so neither default makes the other dead.
        CometChatProperties properties = new CometChatProperties();
        assertThat(properties.getRetry().getMaxTotalTime()).isNull();
        assertThat(properties.getRetry().toSettings(properties.getRequestTimeout())).isEqualTo(new RetrySettings(
                RetrySettings.DEFAULTS.maxAttempts(), RetrySettings.DEFAULTS.firstBackoff(),
                RetrySettings.DEFAULTS.maxBackoff(), RetrySettings.DEFAULTS.jitter(), Duration.ofSeconds(5)));
    }

    @Test
    void whenDefaultsThenTheClientsCallsEndWithTheRequestTimeoutAndNothingIsWarned(CapturedOutput output) {
        this.configured.withPropertyValues("cometchat.request-timeout=3s").run((context) -> {
            assertThat(context.getBean(CometChatClient.class).retrySettings().maxTotalTime())
                .isEqualTo(Duration.ofSeconds(3));
            assertThat(output).doesNotContain("cometchat.retry.max-total-time");
        });
    }

    @Test
    void whenMaxTotalTimeExceedsTheRequestTimeoutThenWarnedAtStart(CapturedOutput output) {
        this.configured.withPropertyValues("cometchat.retry.max-total-time=10s").run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("cometchat.retry.max-total-time (PT10S) exceeds cometchat.request-timeout (PT5S)");
        });
    }

    @Test
    void whenMaxTotalTimeBelowTheRequestTimeoutThenUsedAndNothingIsWarned(CapturedOutput output) {
        this.configured.withPropertyValues("cometchat.retry.max-total-time=2s").run((context) -> {
            assertThat(context.getBean(CometChatClient.class).retrySettings().maxTotalTime())
                .isEqualTo(Duration.ofSeconds(2));
            assertThat(output).doesNotContain("exceeds cometchat.request-timeout");
        });
    }

    @Test
    void whenRetryPropertiesSetThenTheClientUsesThem() {
        this.configured
            .withPropertyValues("cometchat.retry.max-attempts=5", "cometchat.retry.first-backoff=20ms",
                    "cometchat.retry.max-backoff=2s", "cometchat.retry.jitter=0", "cometchat.retry.max-total-time=30s")
            .run((context) -> assertThat(context.getBean(CometChatClient.class).retrySettings()).isEqualTo(
                    new RetrySettings(5, Duration.ofMillis(20), Duration.ofSeconds(2), 0, Duration.ofSeconds(30))));
    }

    @Test
    void whenMaxAttemptsIsOneThenRetriesAreOff() {
        this.configured.withPropertyValues("cometchat.retry.max-attempts=1")
            .run((context) -> assertThat(context.getBean(CometChatClient.class).retrySettings().retries()).isFalse());
    }

    @Test
    void whenRetryPropertiesInvalidThenStartupFailsNamingThem() {
        this.configured
            .withPropertyValues("cometchat.retry.max-attempts=0", "cometchat.retry.jitter=1.5",
                    "cometchat.retry.first-backoff=500ms", "cometchat.retry.max-backoff=100ms",
                    "cometchat.retry.max-total-time=0s")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("cometchat.retry.max-attempts")
                    .hasMessageContaining("cometchat.retry.jitter")
                    .hasMessageContaining("cometchat.retry.max-backoff")
                    .hasMessageContaining("cometchat.retry.max-total-time")
                    .hasMessageNotContaining(KEY);
            });
    }

    @Test
    void validateWhenFirstBackoffNotPositiveThenRejectsItAlone() {
        CometChatProperties properties = validProperties();
        properties.getRetry().setFirstBackoff(Duration.ZERO);

        Errors errors = validate(properties);

        assertThat(errors.getFieldErrors()).singleElement().satisfies((error) -> {
            assertThat(error.getField()).isEqualTo("retry.firstBackoff");
            assertThat(error.getDefaultMessage()).contains("cometchat.retry.first-backoff");
        });
    }

    @Test
    void validateWhenDefaultsThenNoRetryError() {
        assertThat(validate(validProperties()).hasErrors()).isFalse();
    }

    private static CometChatProperties validProperties() {
        CometChatProperties properties = new CometChatProperties();
        properties.setAppId("app1");
        properties.setRegion("eu");
        properties.setRestApiKey(KEY);
        return properties;
    }

    private static Errors validate(CometChatProperties properties) {
        Errors errors = new BeanPropertyBindingResult(properties, "cometchat");
        properties.validate(properties, errors);
        return errors;
    }

}
