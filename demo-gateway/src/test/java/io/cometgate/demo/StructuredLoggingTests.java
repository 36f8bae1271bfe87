package io.cometgate.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo as a log pipeline sees it: one property ({@code logging.structured.format.console}) turns its console into
 * JSON, the audit line's facts are JSON fields, and the trace id of the request (here continued from the caller's W3C
 * {@code traceparent}) is in the audit line.
 */
class StructuredLoggingTests {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void auditLineWhenStructuredLoggingIsOnThenItsFieldsAndTheTraceIdAreJsonFields() throws Exception {
        try (DemoDependencies dependencies = new DemoDependencies()) {
            List<String> arguments = new ArrayList<>(dependencies.demoArguments());
            arguments.add("--logging.structured.format.console=logstash");
            // No trace of the demo's own is sampled: the trace id is logged all the same.
            arguments.add("--management.tracing.sampling.probability=0.0");
            try (DemoProcess demo = DemoProcess.start(arguments)) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(demo.url() + "/cometchat-token"))
                    .header("Authorization", "Bearer " + dependencies.jwtFor("logged-user"))
                    .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
                assertThat(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);

                JsonNode audit = awaitAuditLine(demo, "logged-user");
                assertThat(audit.path("event").asString()).isEqualTo("cometchat.token.mint");
                assertThat(audit.path("route").asString()).isEqualTo("cometchat-token");
                assertThat(audit.path("app").asString()).isEqualTo(dependencies.emulator.appId());
                assertThat(audit.path("uid").asString()).isEqualTo("logged-user");
                assertThat(audit.path("outcome").asString()).isEqualTo("PROVISIONED");
                assertThat(audit.path("status").asInt()).isEqualTo(200);
                assertThat(audit.path("upstreamCalls").asInt()).isGreaterThanOrEqualTo(1);
                assertThat(audit.has("latencyMs")).isTrue();
                assertThat(audit.path("traceId").asString()).as("the caller's trace continues into the audit line")
                    .isEqualTo(TRACE_ID);
                assertThat(audit.toString()).as("no token in the audit line").doesNotContain("authToken")
                    .doesNotContain("logged-user_");

                HttpRequest untraced = HttpRequest.newBuilder(URI.create(demo.url() + "/cometchat-token"))
                    .header("Authorization", "Bearer " + dependencies.jwtFor("untraced-user"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
                HttpClient.newHttpClient().send(untraced, HttpResponse.BodyHandlers.ofString());
                assertThat(awaitAuditLine(demo, "untraced-user").path("traceId").asString())
                    .as("a trace id of the demo's own, though not sampled").matches("[0-9a-f]{32}")
                    .isNotEqualTo(TRACE_ID);
            }
        }
    }

    private static JsonNode awaitAuditLine(DemoProcess demo, String uid) throws InterruptedException {
        ObjectMapper json = new ObjectMapper();
        for (int attempt = 0; attempt < 300; attempt++) {
            for (String line : demo.output()) {
                if (line.startsWith("{") && line.contains("io.cometgate.audit")) {
                    JsonNode audit = json.readTree(line);
                    if (audit.path("uid").asString().equals(uid)) {
                        return audit;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No JSON audit line within 30 s:\n" + demo.tail());
    }

}
