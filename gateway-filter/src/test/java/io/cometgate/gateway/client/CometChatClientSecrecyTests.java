package io.cometgate.gateway.client;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.gateway.internal.support.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * No auth token or REST API key in what the CometChat client's stack logs (WebClient, Reactor Netty, Spring's codecs,
 * at TRACE), in the observations a tracer would export as spans, or in the exception of a failed call; over real
 * HTTP to the emulator, which must still see the real token (the revocation works).
 */
class CometChatClientSecrecyTests {

    private static final String[] CLIENT_LOGGERS = { "org.springframework.web.reactive.function.client",
            "org.springframework.http", "org.springframework.core.codec", "reactor.netty", "io.netty",
            "io.cometgate.gateway.client" };

    private static CometChatEmulator emulator;

    private static CometChatConnections connections;

    private static final List<String> observed = new CopyOnWriteArrayList<>();

    private static CometChatClient client;

    private String uid;

    @BeforeAll
    static void start() {
        emulator = CometChatEmulator.builder().port(0).build().start();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                // What a tracing bridge turns into span attributes and names.
                observed.add(context.getName() + " " + context.getContextualName() + " " + context.getAllKeyValues()
                        + " " + context.getError());
            }

        });
        connections = new CometChatConnections(Duration.ofSeconds(5), Duration.ofSeconds(30), 10, registry, List.of());
        client = new CometChatClient(connections.webClient(),
                CometChatApp.of(emulator.appId(), emulator.region(), emulator.apiKey(), emulator.baseUrl()),
                Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        connections.destroy();
        emulator.close();
    }

    @BeforeEach
    void createUser() {
        emulator.reset();
        observed.clear();
        this.uid = "secret-" + UUID.randomUUID();
        client.createUser(new NewUser(this.uid, "Secret", null, false)).block(Duration.ofSeconds(60));
    }

    @Test
    void deleteAuthTokenWhenTracedAndLoggedAtTraceThenTokenNowhereButRevokedAtCometChat() {
        String token;
        String logs;
        try (LogCapture capture = LogCapture.of(Level.TRACE, CLIENT_LOGGERS)) {
            token = client.createAuthToken(this.uid, true).block(Duration.ofSeconds(60)).authToken();
            client.listAuthTokens(this.uid).block(Duration.ofSeconds(60));
            client.deleteAuthToken(this.uid, token).block(Duration.ofSeconds(60));
            logs = capture.text();
        }

        assertThat(emulator.isTokenValid(this.uid, token)).as("revoked at CometChat").isFalse();
        assertThat(emulator.activeTokens(this.uid)).doesNotContain(token);
        assertThat(logs).as("the stack did log the calls").contains("auth_tokens");
        assertThat(logs).doesNotContain(token).doesNotContain(emulator.apiKey());
        assertThat(observed).as("one observation per call").hasSizeGreaterThanOrEqualTo(3);
        assertThat(String.join("\n", observed)).contains("/auth_tokens/" + SecretPathSegments.PLACEHOLDER)
            .doesNotContain(token)
            .doesNotContain(emulator.apiKey());
    }

    @Test
    void deleteAuthTokenWhenConnectionResetThenExceptionAndLogsHoldNoToken() {
        String token = client.createAuthToken(this.uid, true).block(Duration.ofSeconds(60)).authToken();
        CometChatClient once = new CometChatClient(connections.webClient(), client.app(), Duration.ofSeconds(30),
                new RetrySettings(1, Duration.ofMillis(100), Duration.ofMillis(100), 0, Duration.ofSeconds(30)));
        emulator.resetConnectionNext(1);
        Throwable failure;
        String logs;
        try (LogCapture capture = LogCapture.of(Level.TRACE, CLIENT_LOGGERS)) {
            failure = catchThrowable(() -> once.deleteAuthToken(this.uid, token).block(Duration.ofSeconds(60)));
            logs = capture.text();
        }

        assertThat(failure).isInstanceOf(CometChatUnreachableException.class);
        StringBuilder described = new StringBuilder();
        describe(failure, described);
        assertThat(described.toString()).doesNotContain(token);
        assertThat(logs).doesNotContain(token);
        assertThat(String.join("\n", observed)).doesNotContain(token);
    }

    private static void describe(Throwable failure, StringBuilder into) {
        if (failure == null) {
            return;
        }
        into.append(failure).append('\n');
        for (Throwable suppressed : failure.getSuppressed()) {
            describe(suppressed, into);
        }
        if (failure.getCause() != failure) {
            describe(failure.getCause(), into);
        }
    }

}
