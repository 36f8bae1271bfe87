package io.cometgate.gateway.internal.ratelimit;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LimitSpecTests {

    @Test
    void parseListWhenSeveralThenEachInOrder() {
        assertThat(LimitSpec.parseList("10/1m, 60/1h,1000/1d")).containsExactly(
                new LimitSpec(10, Duration.ofMinutes(1)), new LimitSpec(60, Duration.ofHours(1)),
                new LimitSpec(1000, Duration.ofDays(1)));
    }

    @Test
    void parseListWhenNoneThenEmpty() {
        assertThat(LimitSpec.parseList(" None ")).isEmpty();
    }

    @Test
    void parseWhenMalformedThenMessageSaysHowToWriteIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.parse("10 per minute"))
            .withMessageContaining("capacity/period");
        assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.parse("0/1m"));
        assertThatIllegalArgumentException().isThrownBy(() -> LimitSpec.parseList(""));
    }

    @Test
    void fingerprintChangesWithTheLimits() {
        assertThat(LimitPolicy.of("p", LimitSpec.parseList("10/1m")).fingerprint())
            .isNotEqualTo(LimitPolicy.of("p", LimitSpec.parseList("11/1m")).fingerprint())
            .isEqualTo(LimitPolicy.of("p", List.of(LimitSpec.parse("10/60s"))).fingerprint());
    }

}
