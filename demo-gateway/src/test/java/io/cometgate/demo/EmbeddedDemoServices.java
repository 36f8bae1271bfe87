package io.cometgate.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's embedded development issuer and CometChat emulator, over HTTP, as the demo's tests ask them: a JWT for
 * a user, the emulator's REST API with the app's key, its call counters and its SDK counters. Test code: blocking
 * calls with the JDK's HTTP client.
 */
final class EmbeddedDemoServices {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Environment environment;

    /** @param environment the running demo's environment, which names the embedded issuer and emulator */
    EmbeddedDemoServices(Environment environment) {
        this.environment = environment;
    }

    /** A JWT for {@code user} from the development issuer, with the form fields the README's curl line sends. */
    String jwtFor(String user) throws Exception {
        String issuer = this.environment.getProperty("demo.embedded.issuer");
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&client_id=" + user + "&client_secret=dev&scope=openid"))
            .build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body())
            .path("access_token").asString();
    }

    /** One call to the emulator's REST API ({@code path} under its base URL), with the app's REST API key. */
    HttpResponse<String> restApi(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(this.environment.getProperty("demo.embedded.emulator") + path))
            .header("apikey", this.environment.getProperty("cometchat.rest-api-key"))
            .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The auth tokens the emulator holds for {@code uid}. */
    List<String> emulatorTokens(String uid) throws Exception {
        HttpResponse<String> answer = restApi("GET", "/users/" + uid + "/auth_tokens");
        return JSON.readTree(answer.body()).path("data").valueStream()
            .map((token) -> token.path("authToken").asString()).toList();
    }

    /** How many REST calls of an operation (such as {@code DELETE_AUTH_TOKEN}) the emulator has answered. */
    long restCalls(String operation) throws Exception {
        return emulatorRoot("/_emulator/counters").path(operation).asLong();
    }

    /** The emulator's counters of what the CometChat SDK did (logins accepted, logouts...). */
    JsonNode sdkCounters() throws Exception {
        return emulatorRoot("/sdk/_counters");
    }

    private JsonNode emulatorRoot(String path) throws Exception {
        Matcher root = Pattern.compile("(https?://[^/]+)").matcher(this.environment.getProperty("demo.embedded.emulator"));
        assertThat(root.find()).isTrue();
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(root.group(1) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

}
