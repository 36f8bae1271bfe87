package io.cometgate.emulator;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app-wide rate limit over real HTTP: 429 with the live API's headers, counted like any call.
 */
class AppRateLimitTests extends EmulatorTestSupport {

    @Test
    void appRateLimitWhenExceededThenTooManyRequestsWithRetryAfterAndReset() {
        createUser("u1");
        emulator.appRateLimit(3, Duration.ofSeconds(7));

        ApiClient.Response first = api.get("/users/u1");
        ApiClient.Response second = api.get("/users/u1");
        ApiClient.Response third = api.post("/users/u1/auth_tokens", "{}");
        long now = Instant.now().getEpochSecond();
        ApiClient.Response fourth = api.post("/users/u1/auth_tokens", "{}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("2");
        assertThat(second.header("X-RateLimit-Remaining")).isEqualTo("1");
        assertThat(third.status()).isEqualTo(200);
        assertThat(third.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.errorCode()).isEqualTo("ERR_TOO_MANY_REQUESTS");
        assertThat(fourth.header("Retry-After")).isEqualTo("7");
        assertThat(Long.parseLong(fourth.header("X-Rate-Limit-Reset"))).isBetween(now + 6, now + 9);
        assertThat(emulator.activeTokens("u1")).hasSize(1);
        assertThat(emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(2);
    }

    @Test
    void appRateLimitWhenExceededThenCheckedBeforeApiKey() {
        emulator.appRateLimit(1, Duration.ofSeconds(15));
        api.get("/users/u1");

        ApiClient.Response response = api.send("GET", "/users/u1", null, java.util.Map.of(),
                ApiClient.DEFAULT_TIMEOUT);

        assertThat(response.status()).isEqualTo(429);
    }

    @Test
    void appRateLimitWhenTurnedOffThenNoLimitAndNoHeaders() {
        emulator.appRateLimit(1, Duration.ofSeconds(15));
        api.get("/users/u1");
        emulator.appRateLimit(0, null);

        ApiClient.Response response = api.get("/users/u1");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("X-RateLimit-Limit")).isNull();
    }

    @Test
    void appRateLimitWhenRetryAfterNullThenRetryAfterIsRestOfWindow() {
        emulator.appRateLimit(1, null);
        api.get("/users/u1");

        ApiClient.Response response = api.get("/users/u1");

        assertThat(response.status()).isEqualTo(429);
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(55L, 60L);
    }
}
