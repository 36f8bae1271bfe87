package io.cometgate.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Grafana dashboard of {@code deploy/} against a running demo: every series it queries, with the label values its
 * selectors name, is in the demo's {@code /actuator/prometheus} once the token route has been used. A meter renamed
 * or a tag changed fails here, not in an empty panel.
 */
class PrometheusDashboardTests {

    /** A series selector of PromQL: a metric name and, optionally, its label matchers. */
    private static final Pattern SELECTOR = Pattern.compile("(cometgate_[a-z0-9_]+)(\\{([^}]*)})?");

    private static final Pattern EQUALITY_MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"");

    private static DemoDependencies dependencies;

    private static ConfigurableApplicationContext demo;

    @BeforeAll
    static void startDemo() {
        dependencies = new DemoDependencies();
        List<String> arguments = new ArrayList<>(dependencies.demoArguments());
        arguments.add("--server.port=0");
        demo = new SpringApplication(DemoGatewayApplication.class).run(arguments.toArray(String[]::new));
    }

    @AfterAll
    static void stopDemo() throws IOException {
        demo.close();
        dependencies.close();
    }

    /** A JWT with the operators' scope, which the demo's actuator endpoints other than health require. */
    private static String operatorJwt() {
        return dependencies.issuer.issueToken(EmbeddedDevDefaults.ISSUER_ID, "prometheus", "default",
                Map.of("scope", "openid cometgate-ops"), 3600).serialize();
    }

    @Test
    void prometheusWhenNoJwtThen401AndWhenAUsersJwtThen403() throws Exception {
        assertThatExceptionOfType(WebClientResponseException.Unauthorized.class)
            .isThrownBy(() -> gateway().get().uri("/actuator/prometheus").retrieve().toBodilessEntity()
                .block(Duration.ofSeconds(10)));
        String userJwt = dependencies.jwtFor("curious-user");
        assertThatExceptionOfType(WebClientResponseException.Forbidden.class)
            .isThrownBy(() -> gateway().get().uri("/actuator/prometheus").headers((h) -> h.setBearerAuth(userJwt))
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(10)));
        assertThat(gateway().get().uri("/actuator/health/readiness").retrieve().toBodilessEntity()
            .block(Duration.ofSeconds(10)).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void dashboardWhenTokenRouteUsedThenEverySeriesItQueriesIsExported() throws Exception {
        String jwt = dependencies.jwtFor("dashboard-user");
        // MINTED, then CACHED: the outcomes the dashboard's selectors name.
        for (int i = 0; i < 2; i++) {
            gateway().post().uri("/cometchat-token").headers((h) -> h.setBearerAuth(jwt)).retrieve()
                .toBodilessEntity().block(Duration.ofSeconds(10));
        }
        String scrape = gateway().get().uri("/actuator/prometheus").headers((h) -> h.setBearerAuth(operatorJwt()))
            .retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));

        List<String> expressions = dashboardExpressions();
        assertThat(expressions).isNotEmpty();
        int selectors = 0;
        for (String expression : expressions) {
            Matcher selector = SELECTOR.matcher(expression);
            while (selector.find()) {
                selectors++;
                String metric = selector.group(1);
                List<String> series = series(scrape, metric);
                assertThat(series).as("series of %s (queried by %s)", metric, expression).isNotEmpty();
                if (selector.group(3) != null) {
                    Matcher matcher = EQUALITY_MATCHER.matcher(selector.group(3));
                    while (matcher.find()) {
                        String label = matcher.group(1) + "=\"" + matcher.group(2) + "\"";
                        assertThat(series).as("a series of %s with %s", metric, label)
                            .anySatisfy((line) -> assertThat(line).contains(label));
                    }
                }
            }
        }
        assertThat(selectors).as("series selectors found in the dashboard").isGreaterThanOrEqualTo(expressions.size());
    }

    /** The exported lines of {@code metric} itself (not of a longer name it prefixes). */
    private static List<String> series(String scrape, String metric) {
        return scrape.lines().filter((line) -> line.startsWith(metric + "{") || line.startsWith(metric + " ")).toList();
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(repositoryRoot()
            .resolve("deploy/grafana/dashboards/cometgate.json")));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach((target) -> expressions.add(target.path("expr").asText()));
        }
        return expressions;
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No docker-compose.yml above " + Path.of("").toAbsolutePath());
    }

    private static WebClient gateway() {
        return WebClient.create("http://localhost:" + demo.getEnvironment().getProperty("local.server.port"));
    }

}
