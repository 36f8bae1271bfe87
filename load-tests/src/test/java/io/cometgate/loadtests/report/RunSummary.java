package io.cometgate.loadtests.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Prints each request of a Gatling run with its percentiles and, for a gateway route, its ratio to the baseline
 * request of the same run: the figures BENCHMARKS.md records. Reads the statistics table of the run's
 * {@code index.html} (Gatling 3.15 keeps no machine-readable summary beside it). JDK only, so that it runs without
 * a build:
 *
 * <pre>
 * java load-tests/src/test/java/io/cometgate/loadtests/report/RunSummary.java [report directory | results directory]
 * </pre>
 *
 * With no argument, or a results directory, it reads the newest run under it (default
 * {@code load-tests/target/gatling}).
 */
public final class RunSummary {

    private static final Pattern ROW = Pattern.compile("<tr id=\"req_[^\"]*\"[^>]*>(.*?)</tr>", Pattern.DOTALL);

    private static final Pattern NAME = Pattern.compile("class=\"ellipsed-name\">([^<]*)</span>");

    private static final Pattern CELL = Pattern.compile("<td class=\"value [a-z]+ col-(\\d+)\">([^<]*)</td>");

    private RunSummary() {
    }

    public static void main(String[] args) throws IOException {
        Path report = report(Path.of((args.length > 0) ? args[0] : "load-tests/target/gatling"));
        System.out.println("Run: " + report);
        System.out.print(format(read(report.resolve("index.html"))));
    }

    /** The request rows of a report's statistics table, in table order. */
    static List<RequestStats> read(Path indexHtml) throws IOException {
        return parse(Files.readString(indexHtml));
    }

    static List<RequestStats> parse(String html) {
        List<RequestStats> requests = new ArrayList<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            Matcher name = NAME.matcher(row.group(1));
            if (!name.find()) {
                continue;
            }
            Map<Integer, String> cells = new LinkedHashMap<>();
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                cells.put(Integer.parseInt(cell.group(1)), cell.group(2).trim());
            }
            requests.add(new RequestStats(unescape(name.group(1)), (long) number(cells, 2), number(cells, 5),
                    number(cells, 6), number(cells, 8), number(cells, 10), number(cells, 11), number(cells, 13)));
        }
        return requests;
    }

    /** One line per request; gateway routes followed by their ratio to the matching baseline request. */
    static String format(List<RequestStats> requests) {
        Map<String, RequestStats> byName = new LinkedHashMap<>();
        requests.forEach((request) -> byName.put(request.name(), request));
        StringBuilder text = new StringBuilder(String.format("%-36s %8s %7s %8s %7s %7s %7s %7s%n", "request", "count",
                "% KO", "req/s", "p50", "p95", "p99", "mean"));
        for (RequestStats request : requests) {
            text.append(String.format("%-36s %8d %7.2f %8.2f %7.0f %7.0f %7.0f %7.0f%n", request.name(),
                    request.count(), request.koPercent(), request.perSecond(), request.p50(), request.p95(),
                    request.p99(), request.mean()));
            baselineOf(request.name()).map(byName::get).ifPresent((baseline) -> text.append(String.format(
                    "%-36s %8s %7s %8s %7s %7s %7s %7s%n", "  x baseline (" + baseline.name() + ")", "", "", "",
                    ratio(request.p50(), baseline.p50()), ratio(request.p95(), baseline.p95()),
                    ratio(request.p99(), baseline.p99()), ratio(request.mean(), baseline.mean()))));
        }
        return text.toString();
    }

    /** The baseline request measured beside a token-route request: same position in the run, no token work. */
    static Optional<String> baselineOf(String requestName) {
        if (!requestName.startsWith("token route")) {
            return Optional.empty();
        }
        return Optional.of(requestName.replace("token route: first login", "baseline: first request")
            .replace("token route", "baseline"));
    }

    private static String ratio(double value, double baseline) {
        return (baseline <= 0) ? "n/a" : String.format("%.2f", value / baseline);
    }

    private static double number(Map<Integer, String> cells, int column) {
        String value = cells.getOrDefault(column, "");
        return (value.isEmpty() || "-".equals(value)) ? 0 : Double.parseDouble(value.replace(",", ""));
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
            .replace("&amp;", "&");
    }

    private static Path report(Path path) throws IOException {
        if (Files.exists(path.resolve("index.html"))) {
            return path;
        }
        try (Stream<Path> runs = Files.list(path)) {
            return runs.filter((run) -> Files.exists(run.resolve("index.html")))
                .max(Comparator.comparing(RunSummary::lastModified))
                .orElseThrow(() -> new IOException("No Gatling report under " + path.toAbsolutePath()));
        }
    }

    private static long lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path.resolve("index.html")).toMillis();
        }
        catch (IOException ex) {
            return 0;
        }
    }

    /** One row of the statistics table; times in milliseconds. */
    record RequestStats(String name, long count, double koPercent, double perSecond, double p50, double p95,
            double p99, double mean) {
    }

}
