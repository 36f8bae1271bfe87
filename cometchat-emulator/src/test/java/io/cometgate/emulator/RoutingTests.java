package io.cometgate.emulator;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes the emulator does not serve, and what every answer has in common.
 */
class RoutingTests extends EmulatorTestSupport {

    @Test
    void requestWhenRouteUnknownThenNotFoundInEnvelope() {
        ApiClient.Response groups = api.get("/groups");
        ApiClient.Response patch = api.send("PATCH", "/users/u1", "{}");
        ApiClient.Response deep = api.get("/users/u1/auth_tokens/t/extra");

        assertThat(groups.status()).isEqualTo(404);
        assertThat(groups.errorCode()).isEqualTo("ERR_NOT_FOUND");
        assertThat(groups.header("Content-Type")).isEqualTo("application/json");
        assertThat(patch.errorCode()).isEqualTo("ERR_NOT_FOUND");
        assertThat(deep.errorCode()).isEqualTo("ERR_NOT_FOUND");
        assertThat(emulator.totalCalls()).isEqualTo(3);
    }

    @Test
    void requestWhenOutsideApiBasePathThenNotFoundAndNotCounted() {
        ApiClient.Response response = api.send("GET", "/_nothing", null, Map.of(), ApiClient.DEFAULT_TIMEOUT);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("ERR_NOT_FOUND");
        assertThat(emulator.totalCalls()).isZero();
    }

    @Test
    void requestWhenTrailingSlashThenSameRoute() {
        createUser("u1");

        assertThat(api.get("/users/u1/").status()).isEqualTo(200);
    }

    @Test
    void requestWhenUidPercentEncodedThenDecodedBeforeLookup() {
        createUser("a-b");

        assertThat(api.get("/users/a%2Db").status()).isEqualTo(200);
        assertThat(api.get("/users/auth0%7Cabc").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
    }
}
