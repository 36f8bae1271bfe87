package io.cometgate.emulator;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code apikey} header: required on every {@code /v3} call, name matched in any case, never echoed whole.
 */
class ApiKeyTests extends EmulatorTestSupport {

    @Test
    void requestWhenApiKeyMissingThenUnauthorizedEmptyApiKey() {
        ApiClient.Response response = api.send("GET", "/users/u1", null, Map.of(), ApiClient.DEFAULT_TIMEOUT);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("AUTH_ERR_EMPTY_APIKEY");
        assertThat(response.error().path("source").asString()).isEqualTo("chat-api");
    }

    @Test
    void requestWhenApiKeyBlankThenUnauthorizedEmptyApiKey() {
        ApiClient.Response response = api.send("POST", "/users", "{\"uid\":\"u1\",\"name\":\"n\"}",
                Map.of("apikey", " "), ApiClient.DEFAULT_TIMEOUT);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("AUTH_ERR_EMPTY_APIKEY");
        assertThat(emulator.userExists("u1")).isFalse();
    }

    @Test
    void requestWhenApiKeyWrongThenUnauthorizedWithMaskedKey() {
        String wrongKey = "4c3e5b5a96da90cc4bb3f3013d22e72aaea802c9";

        ApiClient.Response response = api.send("GET", "/users/u1", null, Map.of("apikey", wrongKey),
                ApiClient.DEFAULT_TIMEOUT);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("AUTH_ERR_APIKEY_NOT_FOUND");
        assertThat(response.error().path("message").asString()).contains("4c3e5*****802c9");
        assertThat(response.body().toString()).doesNotContain(wrongKey).doesNotContain(API_KEY);
    }

    @Test
    void requestWhenWrongApiKeyIsShortThenMaskedCompletely() {
        ApiClient.Response response = api.send("GET", "/users/u1", null, Map.of("apikey", "short-key-123"),
                ApiClient.DEFAULT_TIMEOUT);

        assertThat(response.errorCode()).isEqualTo("AUTH_ERR_APIKEY_NOT_FOUND");
        assertThat(response.body().toString()).doesNotContain("short").doesNotContain("y-123");
    }

    @Test
    void requestWhenApiKeyHeaderNameInUppercaseThenAccepted() {
        createUser("u1");

        ApiClient.Response upper = api.send("GET", "/users/u1", null, Map.of("APIKEY", API_KEY),
                ApiClient.DEFAULT_TIMEOUT);
        ApiClient.Response mixed = api.send("GET", "/users/u1", null, Map.of("ApiKey", API_KEY),
                ApiClient.DEFAULT_TIMEOUT);

        assertThat(upper.status()).isEqualTo(200);
        assertThat(mixed.status()).isEqualTo(200);
    }

    @Test
    void requestWhenApiKeyWrongAndRouteUnknownThenKeyCheckedFirst() {
        ApiClient.Response response = api.send("GET", "/groups", null, Map.of("apikey", "nope"),
                ApiClient.DEFAULT_TIMEOUT);

        assertThat(response.errorCode()).isEqualTo("AUTH_ERR_APIKEY_NOT_FOUND");
    }
}
