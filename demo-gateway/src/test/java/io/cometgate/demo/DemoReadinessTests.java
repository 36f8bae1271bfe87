package io.cometgate.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's readiness group as a load balancer sees it ({@code /actuator/health/readiness}, no JWT): ready while
 * Redis is down under fail-open (degraded, HTTP 200), not ready when CometChat refuses the key (HTTP 503); liveness
 * unaffected by either.
 */
class DemoReadinessTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ConfigurableApplicationContext start(List<String> arguments) {
        List<String> all = new ArrayList<>(arguments);
        all.add("--server.port=0");
        all.add("--spring.main.banner-mode=off");
        return new SpringApplication(DemoGatewayApplication.class).run(all.toArray(String[]::new));
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext demo, String path) throws Exception {
        String url = "http://localhost:" + demo.getEnvironment().getProperty("local.server.port") + path;
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessWhenRedisStopsUnderFailOpenThenDegradedButStillReadyThenUpAgain() throws Exception {
        try (DemoDependencies dependencies = new DemoDependencies();
                ConfigurableApplicationContext demo = start(dependencies.demoArguments())) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(get(demo, "/actuator/health/readiness").body())
                .contains("\"status\":\"UP\""));

            dependencies.redis.stop();
            HttpResponse<String> degraded = get(demo, "/actuator/health/readiness");
            assertThat(degraded.statusCode()).as(degraded.body()).isEqualTo(200);
            assertThat(degraded.body()).contains("\"status\":\"DEGRADED\"");

            dependencies.redis.start();
            await().atMost(WAIT).untilAsserted(() -> assertThat(get(demo, "/actuator/health/readiness").body())
                .contains("\"status\":\"UP\""));
        }
    }

    @Test
    void readinessWhenCometChatRefusesTheKeyThenNotReadyButLive() throws Exception {
        try (DemoDependencies dependencies = new DemoDependencies()) {
            List<String> arguments = new ArrayList<>(dependencies.demoArguments());
            arguments.add("--cometchat.rest-api-key=a-key-the-emulator-does-not-know");
            try (ConfigurableApplicationContext demo = start(arguments)) {
                await().atMost(WAIT).untilAsserted(() -> {
                    HttpResponse<String> readiness = get(demo, "/actuator/health/readiness");
                    assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
                    assertThat(readiness.body()).contains("\"status\":\"DOWN\"").doesNotContain("a-key-the-emulator");
                });
                assertThat(get(demo, "/actuator/health/liveness").statusCode()).isEqualTo(200);
            }
        }
    }

}
