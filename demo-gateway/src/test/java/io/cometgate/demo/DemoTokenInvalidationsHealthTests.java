package io.cometgate.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/health/cometgate} of a running demo replica, read over HTTP by a caller with a JWT (components are
 * shown to authorized callers only), has the {@code tokenInvalidations} component, UP once the replica's
 * subscription to the invalidation channel is confirmed by the real Redis.
 */
class DemoTokenInvalidationsHealthTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void cometgateHealthShowsTokenInvalidationsUpOnceSubscribed() throws Exception {
        try (DemoDependencies dependencies = new DemoDependencies()) {
            List<String> arguments = new ArrayList<>(dependencies.demoArguments());
            arguments.add("--server.port=0");
            arguments.add("--spring.main.banner-mode=off");
            try (ConfigurableApplicationContext demo = new SpringApplication(DemoGatewayApplication.class)
                .run(arguments.toArray(String[]::new))) {
                String jwt = dependencies.jwtFor("ops-user");
                URI health = URI.create("http://localhost:" + demo.getEnvironment().getProperty("local.server.port")
                        + "/actuator/health/cometgate");
                await().atMost(WAIT).untilAsserted(() -> {
                    HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(health).header("Authorization", "Bearer " + jwt).build(),
                                HttpResponse.BodyHandlers.ofString());
                    JsonNode invalidations = new ObjectMapper().readTree(response.body()).path("components")
                        .path("tokenInvalidations");
                    assertThat(invalidations.path("status").asText()).as(response.body()).isEqualTo("UP");
                    assertThat(invalidations.path("details").path("subscription").asText()).isEqualTo("delivering");
                });
            }
        }
    }

}
