package io.cometgate.emulator;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code /_emulator} endpoints that drive a standalone emulator from another process.
 */
class AdminEndpointsTests extends EmulatorTestSupport {

    private static ApiClient.Response admin(String method, String path, String json) {
        return api.send(method, "/_emulator" + path, json, Map.of(), ApiClient.DEFAULT_TIMEOUT);
    }

    @Test
    void healthWhenRunningThenUp() {
        ApiClient.Response response = admin("GET", "/health", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body().path("status").asString()).isEqualTo("UP");
        assertThat(emulator.totalCalls()).isZero();
    }

    @Test
    void countersWhenCallsMadeThenPerOperationAndTotal() {
        createUser("u1");
        mintToken("u1");
        mintToken("u1");
        api.get("/groups");

        ApiClient.Response response = admin("GET", "/counters", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("CREATE_USER").asLong()).isEqualTo(1);
        assertThat(response.body().path("CREATE_AUTH_TOKEN").asLong()).isEqualTo(2);
        assertThat(response.body().path("GET_USER").asLong()).isZero();
        assertThat(response.body().path("total").asLong()).isEqualTo(4);
        assertThat(response.body().propertyNames()).hasSize(Operation.values().length + 1);
    }

    @Test
    void countersResetWhenPostedThenZeroButUsersKept() {
        createUser("u1");

        ApiClient.Response response = admin("POST", "/counters/reset", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("total").asLong()).isZero();
        assertThat(emulator.totalCalls()).isZero();
        assertThat(emulator.userExists("u1")).isTrue();
    }

    @Test
    void resetWhenPostedThenUsersFaultsAndCountersCleared() {
        createUser("u1");
        emulator.failNext(1, 500, "ERR_INTERNAL").appRateLimit(1, Duration.ofSeconds(15));

        ApiClient.Response response = admin("POST", "/reset", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(emulator.userExists("u1")).isFalse();
        assertThat(emulator.totalCalls()).isZero();
        assertThat(createUser("u1").status()).isEqualTo(200);
        assertThat(api.get("/users/u1").status()).isEqualTo(200);
    }

    @Test
    void faultsWhenFailNextPostedThenNextCallsFail() {
        ApiClient.Response response = admin("POST", "/faults",
                "{\"failNext\":{\"count\":2,\"status\":503,\"code\":\"ERR_SERVICE_UNAVAILABLE\"}}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("failNext").path("count").asInt()).isEqualTo(2);
        assertThat(api.get("/users/u1").errorCode()).isEqualTo("ERR_SERVICE_UNAVAILABLE");
        assertThat(api.get("/users/u1").status()).isEqualTo(503);
        assertThat(api.get("/users/u1").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
    }

    @Test
    void faultsWhenTooManyRequestsPostedWithoutCodeThenDefaultCode() {
        admin("POST", "/faults", "{\"failNext\":{\"count\":1,\"status\":429}}");

        ApiClient.Response response = api.get("/users/u1");

        assertThat(response.errorCode()).isEqualTo("ERR_TOO_MANY_REQUESTS");
        assertThat(response.header("Retry-After")).isEqualTo("15");
    }

    @Test
    void faultsWhenRetryAfterPostedThenInjectedTooManyRequestsSaysIt() {
        // The reported defect: an injected 429 answered Retry-After: 15 when 10 was set.
        admin("POST", "/faults", "{\"retryAfterSeconds\":10,\"failNext\":{\"count\":1,\"status\":429}}");

        ApiClient.Response response = api.get("/users/u1");

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isEqualTo("10");
        assertThat(Long.parseLong(response.header("X-Rate-Limit-Reset")))
            .isBetween(Instant.now().getEpochSecond() + 9, Instant.now().getEpochSecond() + 11);
    }

    @Test
    void faultsWhenResetHangLatencyAndRateLimitPostedThenApplied() {
        ApiClient.Response response = admin("POST", "/faults", "{\"latencyMs\":1,\"resetNext\":1,\"hangNext\":1,"
                + "\"rateLimitPerMinute\":100,\"retryAfterSeconds\":9}");
        Map<String, String> key = Map.of("apikey", API_KEY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().toString()).isEqualTo("{\"latencyMs\":1,\"failNext\":{\"count\":0},"
                + "\"resetNext\":1,\"hangNext\":1,\"rateLimitPerMinute\":100,\"retryAfterSeconds\":9,"
                + "\"coreRateLimitPerMinute\":10000,\"standardRateLimitPerMinute\":20000,\"freePlan\":false,"
                + "\"maxUsers\":0,\"tokenCap\":0,\"timestampOffsetSeconds\":0}");
        assertThat(admin("GET", "/faults", null).body()).isEqualTo(response.body());
        assertThatExceptionOfType(HttpTimeoutException.class)
            .isThrownBy(() -> api.sendOrThrow("GET", "/users/u1", null, key, Duration.ofMillis(300)));
        assertThatExceptionOfType(IOException.class)
            .isThrownBy(() -> api.sendOrThrow("POST", "/users", "{}", key, ApiClient.DEFAULT_TIMEOUT));
        assertThat(api.get("/users/u1").header("X-RateLimit-Limit-For-App")).isEqualTo("100");
    }

    @Test
    void faultsWhenTierQuotaAndTokenKnobsPostedThenApplied() {
        ApiClient.Response response = admin("POST", "/faults", "{\"coreRateLimitPerMinute\":3,"
                + "\"standardRateLimitPerMinute\":4,\"maxUsers\":1,\"tokenCap\":2,\"timestampOffsetSeconds\":-86400}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("coreRateLimitPerMinute").asInt()).isEqualTo(3);
        assertThat(response.body().path("timestampOffsetSeconds").asLong()).isEqualTo(-86_400);
        ApiClient.Response created = createUser("u1");
        assertThat(created.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(created.data().path("createdAt").asLong())
            .isBetween(Instant.now().getEpochSecond() - 86_401, Instant.now().getEpochSecond() - 86_399);
        assertThat(createUser("u2").errorCode()).isEqualTo("ERR_PLAN_QUOTA_RESTRICTION");
        String first = mintToken("u1");
        mintToken("u1");
        mintToken("u1");
        assertThat(emulator.isTokenValid("u1", first)).isFalse();
        assertThat(emulator.activeTokens("u1")).hasSize(2);
        assertThat(api.get("/users/u1").header("X-RateLimit-Limit")).isEqualTo("4");
    }

    @Test
    void faultsWhenFreePlanPostedThenFiveHundredAndResetTurnsItOff() {
        assertThat(admin("POST", "/faults", "{\"freePlan\":true}").body().path("freePlan").asBoolean()).isTrue();
        assertThat(api.get("/users/u1").header("X-RateLimit-Limit")).isEqualTo("500");

        admin("POST", "/reset", null);

        assertThat(api.get("/users/u1").header("X-RateLimit-Limit")).isEqualTo("20000");
        assertThat(admin("GET", "/faults", null).body().path("freePlan").asBoolean()).isFalse();
    }

    @Test
    void faultsWhenNewKnobsInvalidThenBadRequestNamingEach() {
        ApiClient.Response response = admin("POST", "/faults", "{\"coreRateLimitPerMinute\":0,\"freePlan\":\"yes\","
                + "\"maxUsers\":-1,\"timestampOffsetSeconds\":1.5}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.error().path("details").propertyNames()).containsExactlyInAnyOrder(
                "coreRateLimitPerMinute", "freePlan", "maxUsers", "timestampOffsetSeconds");
        assertThat(admin("GET", "/faults", null).body().path("coreRateLimitPerMinute").asInt()).isEqualTo(10_000);
    }

    @Test
    void tokensCreatedAtWhenPostedThenTokenAgedAndListedByAge() {
        createUser("u1");
        String old = mintToken("u1");
        String young = mintToken("u1");
        long tenDaysAgo = Instant.now().minus(Duration.ofDays(10)).getEpochSecond();

        ApiClient.Response response = admin("POST", "/tokens/created-at",
                "{\"uid\":\"u1\",\"authToken\":\"" + young + "\",\"createdAt\":" + tenDaysAgo + "}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.data().path("createdAt").asLong()).isEqualTo(tenDaysAgo);
        ApiClient.Response listing = api.get("/users/u1/auth_tokens");
        assertThat(listing.data().get(0).path("authToken").asString()).isEqualTo(old);
        assertThat(listing.data().get(1).path("createdAt").asLong()).isEqualTo(tenDaysAgo);
        assertThat(emulator.isTokenValid("u1", young)).isTrue();
    }

    @Test
    void tokensCreatedAtWhenUnknownOrIncompleteThenNotFoundOrBadRequest() {
        createUser("u1");

        ApiClient.Response unknownToken = admin("POST", "/tokens/created-at",
                "{\"uid\":\"u1\",\"authToken\":\"u1_nope\",\"createdAt\":1}");
        ApiClient.Response unknownUser = admin("POST", "/tokens/created-at",
                "{\"uid\":\"ghost\",\"authToken\":\"x\",\"createdAt\":1}");
        ApiClient.Response incomplete = admin("POST", "/tokens/created-at", "{\"uid\":\"u1\"}");

        assertThat(unknownToken.errorCode()).isEqualTo("ERR_AUTH_TOKEN_NOT_FOUND");
        assertThat(unknownUser.errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.error().path("details").propertyNames()).containsExactlyInAnyOrder("authToken",
                "createdAt");
    }

    @Test
    void faultsWhenBodyInvalidThenBadRequestAndNothingChanged() {
        ApiClient.Response response = admin("POST", "/faults",
                "{\"latencyMs\":5000,\"hangNext\":-1,\"failNext\":{\"status\":503}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("ERR_BAD_REQUEST");
        assertThat(response.error().path("details").propertyNames()).containsExactlyInAnyOrder("hangNext",
                "failNext.code");
        assertThat(api.get("/users/u1").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
        assertThat(admin("POST", "/faults", "not json").errorCode()).isEqualTo("ERR_BAD_REQUEST");
    }

    @Test
    void adminWhenPathUnknownThenNotFound() {
        ApiClient.Response response = admin("GET", "/nothing", null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("ERR_NOT_FOUND");
    }
}
