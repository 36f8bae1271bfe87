package io.cometgate.loadtests.support;

import java.util.List;

import io.gatling.javaapi.core.Assertion;

import static io.gatling.javaapi.core.CoreDsl.details;

/**
 * The pass criteria of a request, by name: its error rate and its 95th and 99th percentile response times, from
 * {@code max.error.percent}, {@code max.p95.ms} and {@code max.p99.ms}, with each simulation's own defaults. An
 * assertion on a request name that never ran fails too, so a typo or a scenario that stopped early is not a pass.
 */
public record Thresholds(double maxErrorPercent, int maxP95Millis, int maxP99Millis) {

    public static Thresholds fromSystemProperties(double maxErrorPercent, int maxP95Millis, int maxP99Millis) {
        return new Thresholds(Settings.percent("max.error.percent", maxErrorPercent),
                Settings.positiveInt("max.p95.ms", maxP95Millis), Settings.positiveInt("max.p99.ms", maxP99Millis));
    }

    /** The same response-time limits with no failure allowed. */
    public Thresholds withoutFailures() {
        return new Thresholds(0, this.maxP95Millis, this.maxP99Millis);
    }

    public List<Assertion> of(String requestName) {
        return List.of(details(requestName).failedRequests().percent().lte(this.maxErrorPercent),
                details(requestName).responseTime().percentile(95.0).lte(this.maxP95Millis),
                details(requestName).responseTime().percentile(99.0).lte(this.maxP99Millis));
    }

    @Override
    public String toString() {
        return "errors <= " + this.maxErrorPercent + " %, p95 <= " + this.maxP95Millis + " ms, p99 <= "
                + this.maxP99Millis + " ms";
    }

}
