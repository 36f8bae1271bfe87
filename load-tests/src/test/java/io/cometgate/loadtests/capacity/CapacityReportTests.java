package io.cometgate.loadtests.capacity;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The ratios of the rounds (alternating, or both routes at once) and their median. */
class CapacityReportTests {

    @Test
    void roundRatiosWhenBothKindsOfRoundsThenEachKindPairsItsOwnPhases() {
        List<Phase.Result> results = List.of(result(CapacityReport.BASELINE, 32, 0, false, 5000),
                result(CapacityReport.TOKEN, 32, 0, false, 3000),
                result(CapacityReport.BASELINE, 32, 1, false, 4000), result(CapacityReport.TOKEN, 32, 1, false, 2000),
                result(CapacityReport.BASELINE, 32, 2, false, 4000), result(CapacityReport.TOKEN, 32, 2, false, 3000),
                result(CapacityReport.TOKEN, 16, 1, true, 1800), result(CapacityReport.BASELINE, 16, 1, true, 2000),
                result(CapacityReport.TOKEN, 16, 2, true, 1500), result(CapacityReport.BASELINE, 16, 2, true, 2000));

        assertThat(CapacityReport.roundRatios(results, false)).containsExactly(0.5, 0.75);
        assertThat(CapacityReport.roundRatios(results, true)).containsExactly(0.9, 0.75);
    }

    @Test
    void roundRatiosWhenNoRoundsThenNone() {
        assertThat(CapacityReport.roundRatios(List.of(result(CapacityReport.BASELINE, 32, 0, false, 5000),
                result(CapacityReport.TOKEN, 32, 0, false, 3000)), true)).isEmpty();
    }

    private static Phase.Result result(String route, int concurrency, int round, boolean together, double throughput) {
        Phase phase = new Phase(route, concurrency, false, 0, round, together);
        return new Phase.Result(phase, 100, 0, throughput, 1, 2, null, null);
    }

    @Test
    void medianWhenOddCountThenTheMiddleValue() {
        assertThat(CapacityReport.median(List.of(0.71, 0.60, 0.66, 0.59, 0.63))).isEqualTo(0.63);
    }

    @Test
    void medianWhenEvenCountThenTheMeanOfTheTwoMiddleValues() {
        assertThat(CapacityReport.median(List.of(0.8, 0.6, 0.7, 0.5))).isCloseTo(0.65, within(1e-9));
    }

}
