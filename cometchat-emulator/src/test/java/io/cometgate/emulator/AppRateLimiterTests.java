package io.cometgate.emulator;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The fixed window on an explicit clock: no sleeping to see a window end.
 */
class AppRateLimiterTests {

    private final AppRateLimiter limiter = new AppRateLimiter();

    @Test
    void acquireWhenOffThenAlwaysAllowedWithoutHeaders() {
        AppRateLimiter.Decision decision = this.limiter.acquire(0);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.limited()).isFalse();
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
