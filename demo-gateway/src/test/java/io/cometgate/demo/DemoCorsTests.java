package io.cometgate.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CORS for a single-page app on another origin, configured with Spring Cloud Gateway's globalcors and applied by
 * Spring Security's {@code cors()}: a browser's preflight (no JWT) from an allowed origin is answered before
 * authentication, and a foreign origin gets no {@code Access-Control-Allow-Origin}, preflight or not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "demo.emulator.port=0", "demo.issuer.port=0", "demo.redis.port=0",
                "DEMO_CORS_ALLOWED_ORIGINS=https://app.example.com, http://localhost:4200" })
class DemoCorsTests {

    private static final String ALLOWED = "https://app.example.com";

    private static final String FOREIGN = "https://evil.example.net";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    // The embedded issuer and emulator, over HTTP (shared with the demo's other browser and CORS tests).
    private EmbeddedDemoServices services;

    @Autowired
    void embeddedServices(Environment environment) {
        this.services = new EmbeddedDemoServices(environment);
    }

    private HttpResponse<String> preflight(String path, String origin, String method) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", "authorization")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String origin) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/cometchat-token"))
            .header("Origin", origin)
            .header("Authorization", "Bearer " + this.services.jwtFor("cora"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void preflightWhenOriginAllowedThenAnsweredBeforeAuthenticationWithTheRoutesMethodsAndHeaders() throws Exception {
        HttpResponse<String> answer = preflight("/cometchat-token", ALLOWED, "POST");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                (methods) -> assertThat(methods).contains("POST", "DELETE"));
        assertThat(answer.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                (headers) -> assertThat(headers.toLowerCase(java.util.Locale.ROOT)).contains("authorization"));
        assertThat(answer.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void preflightWhenUserRouteThenItsMethods() throws Exception {
        HttpResponse<String> answer = preflight("/cometchat-user", ALLOWED, "DELETE");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                (methods) -> assertThat(methods).contains("GET", "PUT", "DELETE"));
    }

    @Test
    void preflightWhenOriginForeignThenNoAllowOrigin() throws Exception {
        HttpResponse<String> answer = preflight("/cometchat-token", FOREIGN, "POST");

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void preflightWhenMethodNotTheRoutesThenNoAllowOrigin() throws Exception {
        HttpResponse<String> answer = preflight("/cometchat-token", ALLOWED, "PUT");

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void postWhenOriginAllowedThenTokenWithAllowOriginAndExposedRateLimitHeaders() throws Exception {
        HttpResponse<String> answer = post(ALLOWED);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"uid\":\"cora\"");
        assertThat(answer.headers().allValues("Access-Control-Allow-Origin")).containsExactly(ALLOWED);
        assertThat(answer.headers().firstValue("Access-Control-Expose-Headers")).hasValueSatisfying(
                (exposed) -> assertThat(exposed).contains("RateLimit", "RateLimit-Policy", "Retry-After"));
    }

    @Test
    void postWhenOriginForeignThenRefusedWithoutAllowOrigin() throws Exception {
        HttpResponse<String> answer = post(FOREIGN);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(answer.body()).doesNotContain("authToken");
    }

}
