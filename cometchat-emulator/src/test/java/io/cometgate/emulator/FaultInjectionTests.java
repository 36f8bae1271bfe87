package io.cometgate.emulator;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The failure knobs, each seen from a real HTTP client: error answers, connection resets, hangs and latency.
 */
class FaultInjectionTests extends EmulatorTestSupport {

    @Test
    void failNextWhenArmedThenNextCallsAnswerStatusAndCodeThenRecover() {
        createUser("u1");
        emulator.failNext(2, 503, "ERR_SERVICE_UNAVAILABLE");

        ApiClient.Response first = api.post("/users/u1/auth_tokens", "{}");
        ApiClient.Response second = api.get("/users/u1");
        ApiClient.Response third = api.post("/users/u1/auth_tokens", "{}");

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.errorCode()).isEqualTo("ERR_SERVICE_UNAVAILABLE");
        assertThat(first.error().path("source").asString()).isEqualTo("chat-api");
        assertThat(first.header("Content-Type")).isEqualTo("application/json");
        assertThat(first.header("Retry-After")).isNull();
        assertThat(second.status()).isEqualTo(503);
        assertThat(third.status()).isEqualTo(200);
        assertThat(emulator.activeTokens("u1")).hasSize(1);
        assertThat(emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(2);
        assertThat(emulator.calls(Operation.GET_USER)).isEqualTo(1);
    }

    @Test
    void failNextWhenTooManyRequestsThenRetryAfterAndResetHeaders() {
        emulator.failNext(1, 429, "ERR_TOO_MANY_REQUESTS");
        long now = Instant.now().getEpochSecond();

        ApiClient.Response response = api.get("/users/u1");

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.errorCode()).isEqualTo("ERR_TOO_MANY_REQUESTS");
        assertThat(response.header("Retry-After")).isEqualTo("15");
        assertThat(Long.parseLong(response.header("X-Rate-Limit-Reset"))).isBetween(now + 14, now + 17);
    }

    @Test
    void failNextWhenRearmedThenReplacesPreviousPlan() {
        emulator.failNext(5, 500, "ERR_A");
        emulator.failNext(1, 502, "ERR_B");

        assertThat(api.get("/users/u1").errorCode()).isEqualTo("ERR_B");
        assertThat(api.get("/users/u1").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
    }

    @Test
    void failNextWhenArmedThenTakesEffectBeforeApiKeyCheck() {
        emulator.failNext(1, 500, "ERR_INTERNAL");

        ApiClient.Response response = api.send("GET", "/users/u1", null, Map.of(), ApiClient.DEFAULT_TIMEOUT);

        assertThat(response.status()).isEqualTo(500);
    }

    @Test
    void failNextWhenArgumentsInvalidThenIllegalArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> emulator.failNext(-1, 500, "ERR_X"));
        assertThatIllegalArgumentException().isThrownBy(() -> emulator.failNext(1, 42, "ERR_X"));
        assertThatIllegalArgumentException().isThrownBy(() -> emulator.failNext(1, 500, " "));
    }

    @Test
    void resetConnectionNextWhenArmedThenClientGetsIoExceptionThenRecovers() {
        createUser("u1");
        emulator.resetConnectionNext(1);

        assertThatExceptionOfType(IOException.class).isThrownBy(() -> api.sendOrThrow("POST", "/users/u1/auth_tokens",
                "{}", Map.of("apikey", API_KEY), ApiClient.DEFAULT_TIMEOUT));

        assertThat(emulator.activeTokens("u1")).isEmpty();
        assertThat(api.post("/users/u1/auth_tokens", "{}").status()).isEqualTo(200);
        assertThat(emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(2);
    }

    @Test
    void hangNextWhenArmedThenClientTimesOutThenRecovers() {
        createUser("u1");
        emulator.hangNext(1);

        assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(() -> api.sendOrThrow("GET", "/users/u1",
                null, Map.of("apikey", API_KEY), Duration.ofMillis(300)));

        assertThat(api.get("/users/u1").status()).isEqualTo(200);
        assertThat(emulator.calls(Operation.GET_USER)).isEqualTo(2);
    }

    @Test
    void faultsWhenSeveralArmedThenHangThenResetThenFailure() {
        emulator.failNext(1, 500, "ERR_INTERNAL");
        emulator.resetConnectionNext(1);
        emulator.hangNext(1);
        Map<String, String> key = Map.of("apikey", API_KEY);

        assertThatExceptionOfType(HttpTimeoutException.class)
            .isThrownBy(() -> api.sendOrThrow("POST", "/users", "{}", key, Duration.ofMillis(300)));
        assertThatExceptionOfType(IOException.class).isThrownBy(
                () -> api.sendOrThrow("POST", "/users", "{}", key, ApiClient.DEFAULT_TIMEOUT));
        assertThat(api.post("/users", "{}").status()).isEqualTo(500);
        assertThat(api.post("/users", "{}").errorCode()).isEqualTo("ERR_BAD_REQUEST");
    }

    @Test
    void latencyWhenSetThenEveryAnswerDelayedUntilTurnedOff() {
        createUser("u1");
        emulator.latency(Duration.ofMillis(400));

        long started = System.nanoTime();
        ApiClient.Response slow = api.get("/users/u1");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(slow.status()).isEqualTo(200);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        emulator.latency(Duration.ZERO);
        assertThat(api.get("/users/u1").status()).isEqualTo(200);
    }

    @Test
    void latencyWhenLongerThanClientTimeoutThenClientTimesOut() {
        emulator.latency(Duration.ofSeconds(5));

        assertThatExceptionOfType(HttpTimeoutException.class).isThrownBy(() -> api.sendOrThrow("GET", "/users/u1",
                null, Map.of("apikey", API_KEY), Duration.ofMillis(200)));
    }

    @Test
    void resetWhenFaultsArmedThenAllCleared() {
        emulator.failNext(3, 500, "ERR_INTERNAL").hangNext(2).resetConnectionNext(2).latency(Duration.ofSeconds(5));

        emulator.reset();

        assertThat(api.get("/users/u1").errorCode()).isEqualTo("ERR_UID_NOT_FOUND");
    }
}
