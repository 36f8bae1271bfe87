package io.cometgate.demo;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The README's quick start, as a newcomer runs it: the demo with embedded defaults, a JWT from the development issuer
 * with the same form fields the printed curl line sends, and the token route.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "demo.emulator.port=0", "demo.issuer.port=0", "demo.redis.port=0" })
class DemoGatewayQuickStartTests {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @LocalServerPort
    private int port;

    @Autowired
    private Environment environment;

    private String jwtFor(String user) {
        String issuer = this.environment.getProperty("demo.embedded.issuer");
        Map<String, Object> issued = WebClient.create(issuer + "/token").post()
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .body(BodyInserters.fromFormData("grant_type", "client_credentials").with("client_id", user)
                .with("client_secret", "dev").with("scope", "openid"))
            .retrieve().bodyToMono(JSON).block(Duration.ofSeconds(10));
        return (String) issued.get("access_token");
    }

    private WebClient.ResponseSpec post(String path, String jwt) {
        return WebClient.create("http://localhost:" + this.port + path).post().headers((h) -> h.setBearerAuth(jwt))
            .retrieve();
    }

    @Test
    void quickStartWhenEmbeddedDefaultsThenCurlFlowGetsATokenForTheJwtSubject() {
        String jwt = jwtFor("alice");

        Map<String, Object> token = post("/cometchat-token", jwt).bodyToMono(JSON).block(Duration.ofSeconds(10));
        Map<String, Object> again = post("/cometchat-token", jwt).bodyToMono(JSON).block(Duration.ofSeconds(10));

        assertThat(token).containsEntry("uid", "alice").containsEntry("appId", "demo-app").containsKey("authToken");
        assertThat((String) token.get("authToken")).startsWith("alice_");
        // Served from the embedded Redis the second time.
        assertThat(again.get("authToken")).isEqualTo(token.get("authToken"));
    }

    @Test
    void quickStartWhenLimitSpentThen429WithRetryAfter() {
        String jwt = jwtFor("hammer");
        for (int i = 0; i < 10; i++) {
            post("/cometchat-token", jwt).toBodilessEntity().block(Duration.ofSeconds(10));
        }
        assertThatExceptionOfType(WebClientResponseException.TooManyRequests.class)
            .isThrownBy(() -> post("/cometchat-token", jwt).toBodilessEntity().block(Duration.ofSeconds(10)))
            .satisfies((ex) -> assertThat(ex.getHeaders().getFirst("Retry-After")).isNotNull());
    }

    @Test
    void quickStartLogoutAndUserRoutesWork() {
        String jwt = jwtFor("bob");
        String token = (String) post("/cometchat-token", jwt).bodyToMono(JSON).block(Duration.ofSeconds(10)).get("authToken");
        WebClient gateway = WebClient.create("http://localhost:" + this.port);

        assertThat(gateway.delete().uri("/cometchat-token").headers((h) -> h.setBearerAuth(jwt)).retrieve()
            .toBodilessEntity().block(Duration.ofSeconds(10)).getStatusCode().value()).isEqualTo(204);
        String next = (String) post("/cometchat-token", jwt).bodyToMono(JSON).block(Duration.ofSeconds(10)).get("authToken");
        assertThat(next).isNotEqualTo(token);

        Map<String, Object> user = gateway.put().uri("/cometchat-user").headers((h) -> h.setBearerAuth(jwt)).retrieve()
            .bodyToMono(JSON).block(Duration.ofSeconds(10));
        assertThat(user).containsEntry("uid", "bob");
        assertThat(gateway.delete().uri("/cometchat-user").headers((h) -> h.setBearerAuth(jwt)).retrieve()
            .toBodilessEntity().block(Duration.ofSeconds(10)).getStatusCode().value()).isEqualTo(204);
    }

    @Test
    void metricsWhenJwtOfTheOperatorsClientThen200AndWhenAUsersJwtThen403() {
        WebClient metrics = WebClient.create("http://localhost:" + this.port + "/actuator/metrics/cometgate.requests");
        post("/cometchat-token", jwtFor("carol")).toBodilessEntity().block(Duration.ofSeconds(10));

        Map<String, Object> requests = metrics.get().headers((h) -> h.setBearerAuth(jwtFor("cometgate-ops")))
            .retrieve().bodyToMono(JSON).block(Duration.ofSeconds(10));

        assertThat(requests).containsEntry("name", "cometgate.requests");
        assertThatExceptionOfType(WebClientResponseException.Forbidden.class)
            .isThrownBy(() -> metrics.get().headers((h) -> h.setBearerAuth(jwtFor("carol"))).retrieve()
                .toBodilessEntity().block(Duration.ofSeconds(10)));
    }

    @Test
    void quickStartBaselineRouteAnswers200WithAJwt() {
        assertThat(post("/baseline", jwtFor("bench")).toBodilessEntity().block(Duration.ofSeconds(10))
            .getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void quickStartWhenNoJwtThen401() {
        assertThatExceptionOfType(WebClientResponseException.Unauthorized.class)
            .isThrownBy(() -> WebClient.create("http://localhost:" + this.port + "/cometchat-token").post()
                .retrieve().toBodilessEntity().block(Duration.ofSeconds(10)));
    }

    @Test
    void startWhenCometChatPartlyConfiguredThenFailsNamingTheMissingProperty() {
        SpringApplication application = new SpringApplication(DemoGatewayApplication.class);
        application.setDefaultProperties(Map.of("server.port", "0", "demo.issuer.port", "0", "demo.redis.port", "0",
                "cometchat.app-id", "my-app", "cometchat.region", "eu"));
        assertThatExceptionOfType(Exception.class).isThrownBy(application::run)
            .satisfies((ex) -> assertThat(rootMessage(ex)).contains("cometchat.rest-api-key"));
    }

    @Test
    void startWhenIssuerUnreachableThenFailsNamingIssuerUri() {
        SpringApplication application = new SpringApplication(DemoGatewayApplication.class);
        application.setDefaultProperties(Map.of("server.port", "0", "demo.emulator.port", "0", "demo.redis.port", "0",
                "ISSUER_URI", "http://127.0.0.1:9/nowhere"));
        assertThatExceptionOfType(Exception.class).isThrownBy(application::run)
            .satisfies((ex) -> assertThat(rootMessage(ex)).contains("ISSUER_URI"));
    }

    private static String rootMessage(Throwable ex) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

}
