package io.cometgate.loadtests.capacity;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a capacity run found, printed after it: each phase's figures, each route's saturation throughput (the highest
 * throughput over the concurrency levels) and their ratio, the latencies at about 50 % and 90 % of saturation, Redis
 * commands per request and CometChat calls per 1,000 requests.
 * <p>
 * A closed model has no arrival rate to set, so "at 50 % of saturation" is the lowest concurrency level whose
 * throughput reached 50 % of the route's saturation; the printed line says which level and what share it reached.
 */
public final class CapacityReport {

    public static final String BASELINE = "baseline";

    public static final String TOKEN = "token route";

    private final List<Phase.Result> results;

    public CapacityReport(List<Phase> phases) {
        this.results = phases.stream().map(Phase::result).toList();
    }

    public void print(PrintStream out) {
        out.println();
        out.println("=== Capacity (closed model; throughput in passed requests/s; latencies in ms) ===");
        out.printf("%-28s %8s %8s %10s %8s %8s %14s %14s%n", "phase", "requests", "failed", "req/s", "p50", "p99",
                "redis cmd/req", "upstream/1000");
        for (Phase.Result result : this.results) {
            out.printf("%-28s %8d %8d %10.1f %8.2f %8.2f %14s %14s%n", result.phase().name(), result.requests(),
                    result.failures(), result.throughput(), result.p50Millis(), result.p99Millis(),
                    perRequest(result.redisCommandTotal(), result.requests(), result.redisCommands() != null, 1),
                    perRequest(nullToZero(result.upstreamCalls()), result.requests(), result.upstreamCalls() != null,
                            1000));
        }
        Phase.Result baseline = saturation(BASELINE);
        Phase.Result token = saturation(TOKEN);
        if (baseline == null || token == null) {
            out.println("No saturation figure: a route has no measured phase");
            return;
        }
        out.printf("Saturation: baseline %.1f req/s (at concurrency %d), token route %.1f req/s (at concurrency %d)%n",
                baseline.throughput(), baseline.phase().concurrency, token.throughput(), token.phase().concurrency);
        out.printf("Throughput ratio token route / baseline at saturation: %.2f%n",
                token.throughput() / baseline.throughput());
        if (isTopLevel(baseline) || isTopLevel(token)) {
            out.println("Note: a route peaked at the highest concurrency level: it may not be saturated; add a level.");
        }
        for (double share : new double[] { 0.5, 0.9 }) {
            for (String route : List.of(BASELINE, TOKEN)) {
                Phase.Result at = atShare(route, share);
                Phase.Result saturated = saturation(route);
                out.printf("At %d %% of saturation, %s: concurrency %d, %.1f req/s (%.0f %% of saturation), "
                        + "p50 %.2f ms, p99 %.2f ms%n", Math.round(share * 100), route, at.phase().concurrency,
                        at.throughput(), 100 * at.throughput() / saturated.throughput(), at.p50Millis(),
                        at.p99Millis());
            }
        }
        for (String route : List.of(BASELINE, TOKEN)) {
            out.println(route + ": " + redisLine(route) + "; " + upstreamLine(route, false));
        }
        if (this.results.stream().anyMatch((result) -> result.phase().overload)) {
            out.println("Overload (" + TOKEN + "): " + redisLine(null) + "; " + upstreamLine(TOKEN, true));
        }
        printRounds(out, false);
        printRounds(out, true);
    }

    // One 8 s level per route is one sample of a machine whose speed drifts: the rounds repeat one level, alternating
    // the routes, and the median of their ratios is the steadier figure. Rounds with both routes loaded at once cancel
    // the drift but measure loop turns rather than CPU (see CapacitySimulation): printed apart, never mixed in.
    private void printRounds(PrintStream out, boolean together) {
        List<Double> ratios = roundRatios(this.results, together);
        if (ratios.isEmpty()) {
            return;
        }
        int concurrency = this.results.stream()
            .filter((result) -> result.phase().round > 0 && result.phase().together == together)
            .mapToInt((result) -> result.phase().concurrency)
            .findFirst()
            .orElse(0);
        List<String> each = ratios.stream().map((ratio) -> String.format("%.2f", ratio)).toList();
        String rounds = together
                ? String.format("%d rounds with both routes loaded at once, %d connections each", ratios.size(),
                        concurrency)
                : String.format("%d alternating rounds at concurrency %d", ratios.size(), concurrency);
        out.printf("Throughput ratio token route / baseline over %s: median %.2f (min %.2f, max %.2f; rounds %s)%n",
                rounds, median(ratios), Collections.min(ratios), Collections.max(ratios), String.join(", ", each));
    }

    /**
     * Each round's token route throughput over the baseline's of the same round, in round order.
     * @param results the phases' results
     * @param together the rounds with both routes loaded at once, or the alternating ones
     * @return one ratio per round
     */
    static List<Double> roundRatios(List<Phase.Result> results, boolean together) {
        List<Double> ratios = new ArrayList<>();
        for (Phase.Result token : results) {
            if (token.phase().round == 0 || token.phase().together != together || !token.phase().route.equals(TOKEN)) {
                continue;
            }
            Phase.Result baseline = results.stream()
                .filter((result) -> result.phase().round == token.phase().round && result.phase().together == together
                        && result.phase().route.equals(BASELINE))
                .findFirst()
                .orElseThrow();
            ratios.add(token.throughput() / baseline.throughput());
        }
        return ratios;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private Phase.Result saturation(String route) {
        return measured(route).stream().max(Comparator.comparingDouble(Phase.Result::throughput)).orElse(null);
    }

    private boolean isTopLevel(Phase.Result result) {
        int top = measured(result.phase().route).stream().mapToInt((r) -> r.phase().concurrency).max().orElse(0);
        return result.phase().concurrency == top;
    }

    private Phase.Result atShare(String route, double share) {
        double target = share * saturation(route).throughput();
        return measured(route).stream()
            .filter((result) -> result.throughput() >= target)
            .min(Comparator.comparingInt((Phase.Result result) -> result.phase().concurrency))
            .orElseThrow();
    }

    private List<Phase.Result> measured(String route) {
        return this.results.stream()
            .filter((result) -> result.phase().route.equals(route) && !result.phase().overload
                    && result.phase().round == 0)
            .toList();
    }

    private String redisLine(String route) {
        List<Phase.Result> phases = (route != null) ? measured(route)
                : this.results.stream().filter((result) -> result.phase().overload).toList();
        if (phases.stream().anyMatch((result) -> result.redisCommands() == null)) {
            return "Redis commands not measured";
        }
        long requests = phases.stream().mapToLong(Phase.Result::requests).sum();
        Map<String, Long> commands = new TreeMap<>();
        phases.forEach((result) -> result.redisCommands().forEach((name, count) -> commands.merge(name, count, Long::sum)));
        long total = commands.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder byCommand = new StringBuilder();
        commands.forEach((name, count) -> byCommand.append(byCommand.isEmpty() ? "" : ", ")
            .append(name.toUpperCase())
            .append(' ')
            .append(String.format("%.2f", (double) count / requests)));
        return String.format("Redis commands per request %.2f (%s) over %d requests", (double) total / requests,
                byCommand, requests);
    }

    private String upstreamLine(String route, boolean overload) {
        List<Phase.Result> phases = this.results.stream()
            .filter((result) -> result.phase().route.equals(route) && result.phase().overload == overload)
            .toList();
        if (phases.stream().anyMatch((result) -> result.upstreamCalls() == null)) {
            return "upstream calls not measured";
        }
        long requests = phases.stream().mapToLong(Phase.Result::requests).sum();
        long calls = phases.stream().mapToLong(Phase.Result::upstreamCalls).sum();
        return String.format("%d CometChat calls for %d requests = %.1f per 1,000 requests", calls, requests,
                (requests == 0) ? 0.0 : calls * 1000.0 / requests);
    }

    private static String perRequest(long count, long requests, boolean measured, int per) {
        if (!measured) {
            return "-";
        }
        return (requests == 0) ? "n/a" : String.format("%.2f", count * (double) per / requests);
    }

    private static long nullToZero(Long value) {
        return (value != null) ? value : 0;
    }

}
