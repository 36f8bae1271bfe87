package io.cometgate.emulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client-API calls of the CometChat JavaScript SDK's {@code login(authToken)} and {@code logout()}, as the SDK
 * sends them (headers {@code authToken}, {@code appId}, {@code sdk}; a CORS preflight first, from the page's origin),
 * checked against the tokens in the emulator's store. Its counters live as long as the emulator (not reset by
 * {@code reset()}), so tests compare before and after.
 */
class SdkClientApiTests extends EmulatorTestSupport {

    private static final String PAGE = "http://localhost:8080";

    private record Answer(int status, Map<String, java.util.List<String>> headers, JsonNode body) {

        String header(String name) {
            return this.headers.entrySet().stream().filter((e) -> e.getKey().equalsIgnoreCase(name))
                .map((e) -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private static Answer sdk(String method, String path, String authToken) throws Exception {
        String base = emulator.baseUrl();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.substring(0, base.length() - 3) + path))
            .header("Origin", PAGE)
            .header("appId", emulator.appId())
            .header("sdk", "javascript@4.2.0")
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString("{\"platform\":\"javascript\",\"deviceId\":\"d1\"}"));
        if (authToken != null) {
            request.header("authToken", authToken);
        }
        HttpResponse<String> response = api.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? ApiClient.JSON.missingNode()
                : ApiClient.JSON.readTree(response.body());
        return new Answer(response.statusCode(), response.headers().map(), body);
    }

    @Test
    void loginWhenTokenIsActiveThenAnswersTheUserAndTheToken() throws Exception {
        createUser("alice");
        String token = mintToken("alice");
        long accepted = counters().path("loginsAccepted").asLong();

        Answer answer = sdk("PUT", "/sdk/me", token);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("data").path("uid").asString()).isEqualTo("alice");
        assertThat(answer.body().path("data").path("authToken").asString()).isEqualTo(token);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(PAGE);
        assertThat(counters().path("loginsAccepted").asLong()).isEqualTo(accepted + 1);
    }

    @Test
    void loginWhenTokenWasRevokedThenAuthErrAuthTokenNotFoundWithoutTheToken() throws Exception {
        createUser("alice");
        String token = mintToken("alice");
        api.delete("/users/alice/auth_tokens/" + token, null);

        Answer answer = sdk("PUT", "/sdk/me", token);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().path("error").path("code").asString()).isEqualTo("AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
        assertThat(answer.body().toString()).doesNotContain(token);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(PAGE);
    }

    @Test
    void loginWhenTokenIsAnotherUsersOrMalformedOrMissingThenRejected() throws Exception {
        createUser("alice");
        createUser("bob");
        String bobs = mintToken("bob");
        String forged = "alice" + bobs.substring("bob".length());
        long rejected = counters().path("loginsRejected").asLong();

        assertThat(sdk("PUT", "/sdk/me", forged).status()).isEqualTo(401);
        assertThat(sdk("GET", "/sdk/me", "not-a-token").status()).isEqualTo(401);
        assertThat(sdk("PUT", "/sdk/me", null).status()).isEqualTo(401);
        assertThat(counters().path("loginsRejected").asLong()).isEqualTo(rejected + 3);
    }

    @Test
    void preflightWhenFromAPageThenAllowsTheSdksHeaders() throws Exception {
        String base = emulator.baseUrl();
        HttpRequest preflight = HttpRequest.newBuilder(URI.create(base.substring(0, base.length() - 3) + "/sdk/me"))
            .header("Origin", PAGE)
            .header("Access-Control-Request-Method", "PUT")
            .header("Access-Control-Request-Headers", "apptoken,authtoken,content-type,resource,sdk,appid")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build();

        HttpResponse<String> answer = api.http().send(preflight, HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PAGE);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                (methods) -> assertThat(methods).contains("PUT", "DELETE"));
        assertThat(answer.headers().firstValue("Access-Control-Allow-Headers"))
            .hasValue("apptoken,authtoken,content-type,resource,sdk,appid");
    }

    @Test
    void logoutWhenCalledThenOkAndTheTokenStillWorks() throws Exception {
        createUser("alice");
        String token = mintToken("alice");
        long logouts = counters().path("logouts").asLong();

        assertThat(sdk("DELETE", "/sdk/me", token).status()).isEqualTo(200);

        assertThat(emulator.isTokenValid("alice", token)).isTrue();
        assertThat(counters().path("logouts").asLong()).isEqualTo(logouts + 1);
    }

    @Test
    void sdkCallsWhenMadeThenNotCountedAsRestApiCalls() throws Exception {
        createUser("alice");
        String token = mintToken("alice");
        long restCalls = emulator.totalCalls();

        sdk("PUT", "/sdk/me", token);
        sdk("POST", "/sdk/user_sessions", token);

        assertThat(emulator.totalCalls()).isEqualTo(restCalls);
    }

    private static JsonNode counters() throws Exception {
        return sdk("GET", "/sdk/_counters", null).body();
    }
}
