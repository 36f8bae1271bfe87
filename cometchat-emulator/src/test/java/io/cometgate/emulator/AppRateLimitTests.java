package io.cometgate.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The app-wide rate limit: over real HTTP, 429 with the live API's headers, counted like any call (turned off, no
 * limit and no headers); and the fixed window itself on an explicit clock ({@link AppRateLimiter#acquire(long)}),
 * so that a window's end is tested without sleeping.
 */
class AppRateLimitTests extends EmulatorTestSupport {

    /** For the window arithmetic, on an explicit clock: no sleeping to see a window end. */
    private final AppRateLimiter limiter = new AppRateLimiter();

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

        ApiClient.Response response = api.send("GET", "/users/u1", null, Map.of(),
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

    @Test
    void acquireWhenWindowEndsThenCountStartsAgain() {
        this.limiter.configure(2, Duration.ofSeconds(15));
        long start = 1_700_000_000_000L;

        assertThat(this.limiter.acquire(start).allowed()).isTrue();
        assertThat(this.limiter.acquire(start + 10).remaining()).isZero();
        AppRateLimiter.Decision rejected = this.limiter.acquire(start + 59_999);
        AppRateLimiter.Decision nextWindow = this.limiter.acquire(start + 60_000);

        assertThat(rejected.allowed()).isFalse();
        assertThat(rejected.retryAfterSeconds()).isEqualTo(15);
        assertThat(rejected.resetEpochSeconds()).isEqualTo((start + 59_999) / 1000 + 15);
        assertThat(nextWindow.allowed()).isTrue();
        assertThat(nextWindow.remaining()).isEqualTo(1);
    }

    @Test
    void acquireWhenNoRetryAfterThenUntilWindowEnd() {
        this.limiter.configure(1, null);

        this.limiter.acquire(1_000);
        AppRateLimiter.Decision rejected = this.limiter.acquire(21_000);

        assertThat(rejected.retryAfterSeconds()).isEqualTo(40);
    }

    @Test
    void configureWhenNegativeThenIllegalArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.limiter.configure(-1, null));
        assertThatIllegalArgumentException().isThrownBy(() -> this.limiter.configure(1, Duration.ofSeconds(-1)));
    }

}
