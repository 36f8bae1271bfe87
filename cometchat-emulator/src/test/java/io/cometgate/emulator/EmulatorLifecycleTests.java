package io.cometgate.emulator;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Starting, stopping and configuring an emulator.
 */
class EmulatorLifecycleTests {

    @Test
    void startWhenPortZeroThenFreePortAndBaseUrl() {
        try (CometChatEmulator emulator = CometChatEmulator.builder().port(0).build().start()) {
            assertThat(emulator.port()).isPositive();
            assertThat(emulator.baseUrl()).isEqualTo("http://127.0.0.1:" + emulator.port() + "/v3");
            assertThat(emulator.appId()).isEqualTo("demo-app");
            assertThat(emulator.apiKey()).isEqualTo("dev-rest-api-key-0000000000000000");
            assertThat(emulator.region()).isEqualTo("us");
            assertThat(emulator.toString()).doesNotContain(emulator.apiKey());
            assertThat(new ApiClient(emulator).post("/users", "{\"uid\":\"u1\",\"name\":\"n\"}").status())
                .isEqualTo(200);
        }
    }

    @Test
    void portWhenNotStartedThenIllegalState() {
        CometChatEmulator emulator = CometChatEmulator.builder().build();

        assertThatIllegalStateException().isThrownBy(emulator::port);
    }

    @Test
    void startWhenAlreadyStartedThenIllegalState() {
        try (CometChatEmulator emulator = CometChatEmulator.builder().build().start()) {
            assertThatIllegalStateException().isThrownBy(emulator::start);
        }
    }

    @Test
    void startWhenStoppedThenServesAgainWithState() {
        CometChatEmulator emulator = CometChatEmulator.builder().build().start();
        new ApiClient(emulator).post("/users", "{\"uid\":\"u1\",\"name\":\"n\"}");
        emulator.stop();
        emulator.stop();

        emulator.start();
        try {
            assertThat(new ApiClient(emulator).get("/users/u1").status()).isEqualTo(200);
        }
        finally {
            emulator.close();
        }
    }

    @Test
    @Timeout(30)
    void stopWhenRequestHangingThenClientConnectionClosed() throws Exception {
        CometChatEmulator emulator = CometChatEmulator.builder().build().start();
        ApiClient api = new ApiClient(emulator);
        emulator.hangNext(1);
        CompletableFuture<ApiClient.Response> hanging = CompletableFuture.supplyAsync(() -> {
            try {
                return api.sendOrThrow("GET", "/users/u1", null, Map.of("apikey", emulator.apiKey()),
                        Duration.ofSeconds(20));
            }
            catch (IOException | InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        while (emulator.totalCalls() == 0) {
            Thread.onSpinWait();
        }

        long started = System.nanoTime();
        emulator.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> hanging.get(15, TimeUnit.SECONDS))
            .havingRootCause()
            .isInstanceOf(IOException.class)
            .isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void builderWhenSettingsInvalidThenIllegalArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> CometChatEmulator.builder().port(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> CometChatEmulator.builder().port(70000));
        assertThatIllegalArgumentException().isThrownBy(() -> CometChatEmulator.builder().apiKey(" "));
        assertThatIllegalArgumentException().isThrownBy(() -> CometChatEmulator.builder().region("mars"));
    }
}
