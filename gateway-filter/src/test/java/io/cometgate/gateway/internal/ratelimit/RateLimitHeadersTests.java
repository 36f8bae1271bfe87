package io.cometgate.gateway.internal.ratelimit;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTests {

    private static final LimitSpec PER_HOUR = LimitSpec.parse("20/1h");

    @Test
    void writeWhenOneLimitThenPlainNameAsInTheDraft() {
        LimitPolicy policy = LimitPolicy.of("per-user", List.of(PER_HOUR));
        LimitProbe refused = new LimitProbe(false, 0, Duration.ofMillis(41_200),
                List.of(new LimitProbe.LimitState(PER_HOUR, 0, Duration.ofMillis(41_200))));
        HttpHeaders headers = new HttpHeaders();

        RateLimitHeaders.write(headers, policy, refused);

        assertThat(headers.getFirst("RateLimit-Policy")).isEqualTo("\"per-user\";q=20;w=3600");
        assertThat(headers.getFirst("RateLimit")).isEqualTo("\"per-user\";r=0;t=42");
        assertThat(headers.getFirst("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("42");
    }

    @Test
    void writeWhenAllowedThenNoRetryAfter() {
        LimitPolicy policy = LimitPolicy.of("per-user", List.of(PER_HOUR));
        HttpHeaders headers = new HttpHeaders();
        RateLimitHeaders.write(headers, policy, new LimitProbe(true, 19, Duration.ZERO,
                List.of(new LimitProbe.LimitState(PER_HOUR, 19, Duration.ofSeconds(180)))));
        assertThat(headers.getFirst("RateLimit")).isEqualTo("\"per-user\";r=19;t=180");
        assertThat(headers.containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
    }

    @Test
    void wholeSecondsUpNeverRoundsDown() {
        assertThat(RateLimitHeaders.wholeSecondsUp(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(RateLimitHeaders.wholeSecondsUp(Duration.ofSeconds(5))).isEqualTo(5);
    }

}
