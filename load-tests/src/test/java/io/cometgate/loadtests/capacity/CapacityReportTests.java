package io.cometgate.loadtests.capacity;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The median of the alternating rounds' ratios. */
class CapacityReportTests {

    @Test
    void medianWhenOddCountThenTheMiddleValue() {
        assertThat(CapacityReport.median(List.of(0.71, 0.60, 0.66, 0.59, 0.63))).isEqualTo(0.63);
    }

    @Test
    void medianWhenEvenCountThenTheMeanOfTheTwoMiddleValues() {
        assertThat(CapacityReport.median(List.of(0.8, 0.6, 0.7, 0.5))).isCloseTo(0.65, within(1e-9));
    }

}
