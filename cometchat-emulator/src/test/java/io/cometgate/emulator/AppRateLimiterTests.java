package io.cometgate.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * CometChat's rate limits: the window arithmetic on an explicit clock (no sleeping to see a window end), then what a
 * client sees over real HTTP: the four headers on every answer, the two tiers, the free plan, the app-wide cap, and
 * 429 with {@code Retry-After} and {@code X-Rate-Limit-Reset}.
 */
class AppRateLimiterTests extends EmulatorTestSupport {

    private static final long START = 1_700_000_000_000L;

    private final AppRateLimiter limiter = new AppRateLimiter();

    // ---- window arithmetic ----

    @Test
    void acquireWhenDefaultsThenDocumentedTierLimits() {
        AppRateLimiter.Decision core = this.limiter.acquire(RateLimitTier.CORE, START);
        AppRateLimiter.Decision standard = this.limiter.acquire(RateLimitTier.STANDARD, START);

        assertThat(core.limit()).isEqualTo(10_000);
        assertThat(core.remaining()).isEqualTo(9_999);
        assertThat(standard.limit()).isEqualTo(20_000);
        assertThat(standard.remaining()).isEqualTo(19_999);
        assertThat(standard.appLimit()).isEqualTo(20_000);
        assertThat(standard.appRemaining()).isEqualTo(19_999);
    }

    @Test
    void acquireWhenWindowEndsThenCountStartsAgain() {
        this.limiter.tiers(5, 2);
        this.limiter.retryAfter(Duration.ofSeconds(15));

        assertThat(this.limiter.acquire(RateLimitTier.STANDARD, START).allowed()).isTrue();
        assertThat(this.limiter.acquire(RateLimitTier.STANDARD, START + 10).remaining()).isZero();
        AppRateLimiter.Decision rejected = this.limiter.acquire(RateLimitTier.STANDARD, START + 59_999);
        AppRateLimiter.Decision nextWindow = this.limiter.acquire(RateLimitTier.STANDARD, START + 60_000);

        assertThat(rejected.allowed()).isFalse();
        assertThat(rejected.retryAfterSeconds()).isEqualTo(15);
        assertThat(rejected.resetEpochSeconds()).isEqualTo((START + 59_999) / 1000 + 15);
        assertThat(nextWindow.allowed()).isTrue();
        assertThat(nextWindow.remaining()).isEqualTo(1);
    }

    @Test
    void acquireWhenNoRetryAfterThenUntilWindowEnd() {
        this.limiter.tiers(1, 1);

        this.limiter.acquire(RateLimitTier.CORE, 1_000);
        AppRateLimiter.Decision rejected = this.limiter.acquire(RateLimitTier.CORE, 21_000);

        assertThat(rejected.retryAfterSeconds()).isEqualTo(40);
    }

    @Test
    void acquireWhenOneTierSpentThenOtherTierStillAllowed() {
        this.limiter.tiers(1, 3);

        this.limiter.acquire(RateLimitTier.CORE, START);
        AppRateLimiter.Decision core = this.limiter.acquire(RateLimitTier.CORE, START + 1);
        AppRateLimiter.Decision standard = this.limiter.acquire(RateLimitTier.STANDARD, START + 2);

        assertThat(core.allowed()).isFalse();
        assertThat(standard.allowed()).isTrue();
        assertThat(standard.remaining()).isEqualTo(2);
    }

    @Test
    void acquireWhenFreePlanThenFiveHundredPerTierWhateverTheTierLimits() {
        this.limiter.tiers(3, 3);
        this.limiter.freePlan(true);
        for (int i = 0; i < 500; i++) {
            assertThat(this.limiter.acquire(RateLimitTier.CORE, START).allowed()).isTrue();
        }

        AppRateLimiter.Decision rejected = this.limiter.acquire(RateLimitTier.CORE, START);
        AppRateLimiter.Decision standard = this.limiter.acquire(RateLimitTier.STANDARD, START);

        assertThat(rejected.allowed()).isFalse();
        assertThat(rejected.limit()).isEqualTo(500);
        assertThat(standard.allowed()).isTrue();
        assertThat(standard.remaining()).isEqualTo(499);
    }

    @Test
    void acquireWhenAppCapSetThenItSpansBothTiersAndFillsTheForAppPair() {
        this.limiter.configure(2, null);

        AppRateLimiter.Decision first = this.limiter.acquire(RateLimitTier.CORE, START);
        AppRateLimiter.Decision second = this.limiter.acquire(RateLimitTier.STANDARD, START);
        AppRateLimiter.Decision third = this.limiter.acquire(RateLimitTier.STANDARD, START);

        assertThat(first.appLimit()).isEqualTo(2);
        assertThat(first.appRemaining()).isEqualTo(1);
        assertThat(first.limit()).isEqualTo(10_000);
        assertThat(second.appRemaining()).isZero();
        assertThat(third.allowed()).isFalse();
        assertThat(third.remaining()).isEqualTo(19_998);
    }

    @Test
    void peekWhenCallsSpentThenReportsWithoutSpending() {
        this.limiter.tiers(5, 5);
        this.limiter.acquire(RateLimitTier.CORE, START);

        AppRateLimiter.Decision peeked = this.limiter.peek(RateLimitTier.CORE, START);
        AppRateLimiter.Decision again = this.limiter.peek(RateLimitTier.CORE, START);

        assertThat(peeked.remaining()).isEqualTo(4);
        assertThat(again.remaining()).isEqualTo(4);
    }

    @Test
    void injectedRetryAfterSecondsWhenKnobUnsetThenLiveFifteenElseKnob() {
        assertThat(this.limiter.injectedRetryAfterSeconds()).isEqualTo(15);

        this.limiter.retryAfter(Duration.ofMillis(9_200));

        assertThat(this.limiter.injectedRetryAfterSeconds()).isEqualTo(10);
    }

    @Test
    void configureWhenNegativeOrZeroThenIllegalArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.limiter.configure(-1, null));
        assertThatIllegalArgumentException().isThrownBy(() -> this.limiter.configure(1, Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> this.limiter.tiers(0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> this.limiter.retryAfter(Duration.ofSeconds(-1)));
    }

    // ---- over HTTP ----

    @Test
    void everyAnswerWhenNoKnobSetThenCarriesTheFourHeadersErrorsIncluded() {
        ApiClient.Response created = createUser("u1");
        ApiClient.Response notFound = api.get("/users/ghost");
        ApiClient.Response noKey = api.send("GET", "/users/u1", null, Map.of(), ApiClient.DEFAULT_TIMEOUT);
        ApiClient.Response unknownRoute = api.get("/groups");

        assertThat(created.header("X-RateLimit-Limit")).isEqualTo("10000");
        assertThat(created.header("X-RateLimit-Remaining")).isEqualTo("9999");
        assertThat(created.header("X-RateLimit-Limit-For-App")).isEqualTo("10000");
        assertThat(created.header("X-RateLimit-Remaining-For-App")).isEqualTo("9999");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.header("X-RateLimit-Limit")).isEqualTo("20000");
        assertThat(notFound.header("X-RateLimit-Remaining")).isEqualTo("19999");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.header("X-RateLimit-Remaining-For-App")).isEqualTo("19998");
        assertThat(unknownRoute.status()).isEqualTo(404);
        assertThat(unknownRoute.header("X-RateLimit-Remaining")).isEqualTo("19997");
    }

    @Test
    void tierWhenSpentThenTooManyRequestsWithRetryAfterAndResetWhileOtherTierServes() {
        emulator.rateLimitTiers(2, 100).retryAfter(Duration.ofSeconds(7));
        createUser("u1");
        createUser("u2");
        long now = Instant.now().getEpochSecond();

        ApiClient.Response third = createUser("u3");
        ApiClient.Response mint = api.post("/users/u1/auth_tokens", "{}");

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.errorCode()).isEqualTo("ERR_TOO_MANY_REQUESTS");
        assertThat(third.header("Retry-After")).isEqualTo("7");
        assertThat(Long.parseLong(third.header("X-Rate-Limit-Reset"))).isBetween(now + 6, now + 9);
        assertThat(third.header("X-RateLimit-Limit")).isEqualTo("2");
        assertThat(third.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(emulator.userExists("u3")).isFalse();
        assertThat(mint.status()).isEqualTo(200);
        assertThat(mint.header("X-RateLimit-Limit")).isEqualTo("100");
        assertThat(mint.header("X-RateLimit-Remaining")).isEqualTo("99");
        assertThat(emulator.calls(Operation.CREATE_USER)).isEqualTo(3);
    }

    @Test
    void tierWhenSpentThenCheckedBeforeApiKey() {
        emulator.rateLimitTiers(10, 1);
        api.get("/users/u1");

        ApiClient.Response response = api.send("GET", "/users/u1", null, Map.of(), ApiClient.DEFAULT_TIMEOUT);

        assertThat(response.status()).isEqualTo(429);
    }

    @Test
    void freePlanWhenSetThenHeadersSayFiveHundred() {
        emulator.freePlan(true);

        ApiClient.Response response = api.get("/users/u1");

        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("500");
        assertThat(response.header("X-RateLimit-Remaining")).isEqualTo("499");
    }

    @Test
    void appRateLimitWhenExceededThenTooManyRequestsAndForAppPairReportsIt() {
        createUser("u1");
        emulator.appRateLimit(2, Duration.ofSeconds(7));

        ApiClient.Response first = api.get("/users/u1");
        ApiClient.Response second = api.post("/users/u1/auth_tokens", "{}");
        ApiClient.Response third = api.post("/users/u1/auth_tokens", "{}");

        assertThat(first.header("X-RateLimit-Limit-For-App")).isEqualTo("2");
        assertThat(first.header("X-RateLimit-Remaining-For-App")).isEqualTo("1");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("X-RateLimit-Remaining-For-App")).isEqualTo("0");
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Retry-After")).isEqualTo("7");
        assertThat(third.header("X-RateLimit-Limit")).isEqualTo("20000");
        assertThat(emulator.activeTokens("u1")).hasSize(1);
    }

    @Test
    void appRateLimitWhenTurnedOffThenNoCapAndForAppPairBackToTheTier() {
        emulator.appRateLimit(1, Duration.ofSeconds(15));
        api.get("/users/u1");
        emulator.appRateLimit(0, null);

        ApiClient.Response response = api.get("/users/u1");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("X-RateLimit-Limit-For-App")).isEqualTo("20000");
    }

    @Test
    void injectedTooManyRequestsWhenRetryAfterSetThenSaysTheKnobAndCarriesTheHeaders() {
        emulator.retryAfter(Duration.ofSeconds(10)).failNext(1, 429, "ERR_TOO_MANY_REQUESTS");

        ApiClient.Response response = api.get("/users/u1");

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isEqualTo("10");
        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("20000");
        assertThat(response.header("X-RateLimit-Remaining-For-App")).isEqualTo("20000");
    }

    @Test
    void injectedTooManyRequestsWhenRetryAfterUnsetThenLiveFifteen() {
        emulator.failNext(1, 429, "ERR_TOO_MANY_REQUESTS");

        assertThat(api.get("/users/u1").header("Retry-After")).isEqualTo("15");
    }
}
