package io.cometgate.gateway.internal.ratelimit;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LimitPolicyTests {

    @Test
    void fingerprintNamesEveryLimitAndIsComputedOnceNotPerDecision() {
        LimitPolicy policy = LimitPolicy.of("per-user", List.of(LimitSpec.parse("10/1m"), LimitSpec.parse("100/1h")));

        assertThat(policy.fingerprint()).isEqualTo(LimitSpec.parse("10/1m") + "," + LimitSpec.parse("100/1h"));
        assertThat(policy.fingerprint()).as("the same string on every call").isSameAs(policy.fingerprint());
    }

    @Test
    void equalWhenSameNameAndLimits() {
        assertThat(LimitPolicy.of("per-user", List.of(LimitSpec.parse("10/1m"))))
            .isEqualTo(LimitPolicy.of("per-user", List.of(LimitSpec.parse("10/1m"))))
            .isNotEqualTo(LimitPolicy.of("per-user", List.of(LimitSpec.parse("11/1m"))));
    }

}
