package io.cometgate.loadtests.report;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cometgate.loadtests.report.RunSummary.RequestStats;

import static org.assertj.core.api.Assertions.assertThat;

/** RunSummary against the statistics rows of a real Gatling 3.15.1 report (a smoke run, trimmed). */
class RunSummaryTests {

    @Test
    void readWhenGatlingReportThenEveryRequestRowWithItsFigures() throws Exception {
        List<RequestStats> requests = RunSummary.read(fixture());

        assertThat(requests).extracting(RequestStats::name).containsExactly("issuer: token", "baseline",
                "token route");
        assertThat(requests.get(2)).isEqualTo(new RequestStats("token route", 50, 0, 3.57, 49, 88, 100, 52));
    }

    @Test
    void formatWhenTokenRouteAndBaselineInTheSameRunThenPrintsTheirRatio() throws Exception {
        String summary = RunSummary.format(RunSummary.read(fixture()));

        // token route p50 49 ms / baseline p50 23 ms.
        assertThat(summary).containsPattern("x baseline \\(baseline\\)\\s+2\\.13 ");
    }

    @Test
    void baselineOfWhenTokenRequestThenTheBaselineRequestOfTheSameShape() {
        assertThat(RunSummary.baselineOf("token route")).hasValue("baseline");
        assertThat(RunSummary.baselineOf("token route: first login")).hasValue("baseline: first request");
        assertThat(RunSummary.baselineOf("token route [replica 2]")).hasValue("baseline [replica 2]");
        assertThat(RunSummary.baselineOf("issuer: token")).isEmpty();
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(RunSummaryTests.class.getResource("/gatling-report/index.html").toURI());
    }

}
