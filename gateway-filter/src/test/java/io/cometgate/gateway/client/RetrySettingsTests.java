package io.cometgate.gateway.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RetrySettingsTests {

    private static final Duration MS_100 = Duration.ofMillis(100);

    @Test
    void constructorWhenInvalidThenNamesTheSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RetrySettings(0, MS_100, MS_100, 0.5, MS_100))
            .withMessageContaining("maxAttempts");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RetrySettings(3, Duration.ZERO, MS_100, 0.5, MS_100))
            .withMessageContaining("firstBackoff");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new RetrySettings(3, MS_100, Duration.ofMillis(10), 0.5, MS_100))
            .withMessageContaining("maxBackoff");
        assertThatIllegalArgumentException().isThrownBy(() -> new RetrySettings(3, MS_100, MS_100, 1.5, MS_100))
            .withMessageContaining("jitter");
        assertThatIllegalArgumentException().isThrownBy(() -> new RetrySettings(3, MS_100, MS_100, 0.5, null))
            .withMessageContaining("maxTotalTime");
    }

    @Test
    void retriesWhenOneAttemptThenFalse() {
        assertThat(new RetrySettings(1, MS_100, MS_100, 0, MS_100).retries()).isFalse();
        assertThat(RetrySettings.DEFAULTS.retries()).isTrue();
    }

    @Test
    void withMaxTotalTimeAtLeastOnlyRaisesTheBound() {
        assertThat(RetrySettings.DEFAULTS.withMaxTotalTimeAtLeast(Duration.ofSeconds(1)))
            .isSameAs(RetrySettings.DEFAULTS);
        assertThat(RetrySettings.DEFAULTS.withMaxTotalTimeAtLeast(Duration.ofSeconds(30)).maxTotalTime())
            .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void isTransientOnlyForNetworkErrorsAndServerErrors() {
        CometChatOperation op = CometChatOperation.GET_USER;
        assertThat(CometChatExchange.isTransient(new CometChatUnreachableException(op, new RuntimeException()))).isTrue();
        assertThat(CometChatExchange.isTransient(new CometChatApiException(op, 503, null, null))).isTrue();
        assertThat(CometChatExchange.isTransient(new CometChatApiException(op, 500, "ERR_INTERNAL", null))).isTrue();
        assertThat(CometChatExchange.isTransient(new CometChatApiException(op, 429, "ERR_TOO_MANY_REQUESTS",
                Duration.ofSeconds(15)))).isFalse();
        assertThat(CometChatExchange.isTransient(new CometChatApiException(op, 404, "ERR_UID_NOT_FOUND", null)))
            .isFalse();
        assertThat(CometChatExchange.isTransient(new CometChatApiException(op, 401, "AUTH_ERR_APIKEY_NOT_FOUND", null)))
            .isFalse();
        assertThat(CometChatExchange.isTransient(new CometChatTimeoutException(op, Duration.ofSeconds(1)))).isFalse();
        assertThat(CometChatExchange.isTransient(new IllegalStateException())).isFalse();
    }

}
