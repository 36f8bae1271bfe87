package io.cometgate.gateway.client;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Retries of {@link CometChatClient} over real HTTP (Reactor Netty) against an emulator of its own, so that no other
 * test class's calls or faults mix with the counts here: which failures are retried, how often, how far apart, and
 * within which total time.
 */
class CometChatClientRetryTests {

    private static final String APP_ID = "retry-app";

    private static final String KEY = "retry0a1b2c3d4e5f60718293a4b5c6d7e8f9012345";

    /** Short enough for fast tests, long enough for a loaded 2-core CI machine to answer a healthy call. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    /** No jitter, so that the delays the backoff test measures are exact lower bounds. */
    private static final RetrySettings FAST = new RetrySettings(3, Duration.ofMillis(50), Duration.ofMillis(200), 0,
            Duration.ofSeconds(10));

    private static CometChatEmulator emulator;

    private static CometChatConnections connections;

    private CometChatClient client;

    private String uid;

    @BeforeAll
    static void startEmulator() {
        emulator = CometChatEmulator.builder().port(0).appId(APP_ID).apiKey(KEY).region("eu").build().start();
        connections = new CometChatConnections(ATTEMPT_TIMEOUT, ATTEMPT_TIMEOUT, 20, ObservationRegistry.NOOP,
                List.of());
        // The first exchange of a JVM loads and warms Reactor Netty and the codecs: keep it out of the timed tests.
        // A POST too: the first request body loads the JSON encoder, which on a loaded machine outlasted the 2 s
        // bound of the user creation in setUp.
        CometChatClient warmUp = client(emulator.baseUrl(), FAST);
        warmUp.getUser("warm-up").onErrorResume((ex) -> Mono.empty()).block(Duration.ofSeconds(30));
        warmUp.createUser(new NewUser("warm-up", "Warm Up", null, false)).onErrorResume((ex) -> Mono.empty())
            .block(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopEmulator() {
        connections.destroy();
        emulator.close();
    }

    @BeforeEach
    void setUp() {
        emulator.reset();
        this.client = client(emulator.baseUrl(), FAST);
        this.uid = "u-" + UUID.randomUUID();
        StepVerifier.create(this.client.createUser(new NewUser(this.uid, "Retry User", null, false)))
            .expectNextCount(1)
            .verifyComplete();
        emulator.resetCounters();
    }

    private static CometChatClient client(String baseUrl, RetrySettings retry) {
        return new CometChatClient(connections.webClient(), CometChatApp.of(APP_ID, "eu", KEY, baseUrl),
                ATTEMPT_TIMEOUT, retry);
    }

    /** A transient failure of the first attempt, as the live API or its network shows it. */
    enum TransientFault {

        SERVICE_UNAVAILABLE_503 {
            @Override
            void injectOnce() {
                emulator.failNext(1, 503, "ERR_SERVICE_UNAVAILABLE");
            }
        },

        CONNECTION_RESET {
            @Override
            void injectOnce() {
                emulator.resetConnectionNext(1);
            }
        };

        abstract void injectOnce();

    }

    @ParameterizedTest
    @EnumSource(TransientFault.class)
    void getUserWhenTransientFaultThenSuccessThenSucceedsWithTwoCalls(TransientFault fault) {
        fault.injectOnce();

        StepVerifier.create(this.client.getUser(this.uid))
            .assertNext((user) -> assertThat(user.uid()).isEqualTo(this.uid))
            .verifyComplete();

        assertThat(emulator.calls(Operation.GET_USER)).isEqualTo(2);
    }

    @Test
    void getUserWhenConnectionResetAndRetriesOffThenUnreachable() {
        // The proof that the success above is our retry, not Reactor Netty quietly retrying on its own.
        emulator.resetConnectionNext(1);
        CometChatClient noRetries = client(emulator.baseUrl(),
                new RetrySettings(1, Duration.ofMillis(50), Duration.ofMillis(50), 0, Duration.ofSeconds(10)));

        StepVerifier.create(noRetries.getUser(this.uid))
            .expectError(CometChatUnreachableException.class)
            .verify(Duration.ofSeconds(10));

        assertThat(emulator.calls(Operation.GET_USER)).isEqualTo(1);
    }

    /** A refusal that another attempt would only repeat: sent once, answered with CometChat's own error code. */
    record Refusal(String name, int injectedStatus, String expectedCode, Operation operation,
            BiFunction<CometChatClient, String, Mono<?>> call) {

        @Override
        public String toString() {
            return this.name;
        }

    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal("400 on create user", 400, "ERR_BAD_REQUEST", Operation.CREATE_USER,
                        (client, uid) -> client.createUser(new NewUser("u-" + UUID.randomUUID(), "Someone", null, false))),
                new Refusal("uid already exists", 0, "ERR_UID_ALREADY_EXISTS", Operation.CREATE_USER,
                        (client, uid) -> client.createUser(new NewUser(uid, "Again", null, false))),
                new Refusal("uid not found", 0, "ERR_UID_NOT_FOUND", Operation.GET_USER,
                        (client, uid) -> client.getUser("u-" + UUID.randomUUID())));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void callWhenRefusedThenNotRetried(Refusal refusal) {
        if (refusal.injectedStatus() != 0) {
            emulator.failNext(5, refusal.injectedStatus(), refusal.expectedCode());
        }

        StepVerifier.create(refusal.call().apply(this.client, this.uid))
            .expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(CometChatApiException.class, (api) -> {
                assertThat(api.hasErrorCode(refusal.expectedCode())).isTrue();
                if (refusal.injectedStatus() != 0) {
                    assertThat(api.getStatus()).isEqualTo(refusal.injectedStatus());
                }
            }))
            .verify(Duration.ofSeconds(10));

        assertThat(emulator.calls(refusal.operation())).isEqualTo(1);
    }

    @Test
    void createAuthTokenWhen429ThenNotRetriedAndRetryAfterKept() {
        emulator.failNext(5, 429, "ERR_TOO_MANY_REQUESTS");

        StepVerifier.create(this.client.createAuthToken(this.uid, false))
            .expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(CometChatApiException.class,
                    (api) -> {
                        assertThat(api.isRateLimited()).isTrue();
                        assertThat(api.getRetryAfter()).isEqualTo(Duration.ofSeconds(15));
                    }))
            .verify(Duration.ofSeconds(10));

        assertThat(emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(1);
    }

    @Test
    void getUserWhenAlways500ThenGivesUpAfterMaxAttemptsWithTheLastFailure() {
        emulator.failNext(10, 500, "ERR_INTERNAL");

        StepVerifier.create(this.client.getUser(this.uid))
            .expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(CometChatApiException.class,
                    (api) -> {
                        assertThat(api.getStatus()).isEqualTo(500);
                        assertThat(api.getErrorCode()).isEqualTo("ERR_INTERNAL");
                    }))
            .verify(Duration.ofSeconds(10));

        assertThat(emulator.calls(Operation.GET_USER)).isEqualTo(3);
    }

    @Test
    void getUserWhenRetriedThenWaitsTheBackoffBetweenAttempts() {
        emulator.failNext(2, 502, "ERR_BAD_GATEWAY");

        Duration elapsed = StepVerifier.create(this.client.getUser(this.uid))
            .expectNextCount(1)
            .verifyComplete();

        // 50 ms, then 100 ms (no jitter): at least 150 ms in all.
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(emulator.calls(Operation.GET_USER)).isEqualTo(3);
    }

    @Test
    void getUserWhenAttemptTimesOutThenNotRetried() {
        emulator.hangNext(5);

        StepVerifier.create(this.client.getUser(this.uid))
            .expectError(CometChatTimeoutException.class)
            .verify(Duration.ofSeconds(10));

        assertThat(emulator.calls(Operation.GET_USER)).isEqualTo(1);
    }

    @Test
    void getUserWhenRetriesOutlastTheTotalBoundThenTimeout() {
        emulator.failNext(100, 503, "ERR_SERVICE_UNAVAILABLE");
        CometChatClient bounded = client(emulator.baseUrl(),
                new RetrySettings(50, Duration.ofMillis(200), Duration.ofMillis(200), 0, Duration.ofMillis(700)));

        Duration elapsed = StepVerifier.create(bounded.getUser(this.uid))
            .expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(CometChatTimeoutException.class)
                .hasMessageContaining("700 ms"))
            .verify(Duration.ofSeconds(10));

        assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
        assertThat(emulator.calls(Operation.GET_USER)).isBetween(2L, 5L);
    }

    @Test
    void everyAttemptPassesTheWebClientFilters() {
        // The call counter is the WebClient's last filter: it must see the retried exchange, not one call.
        emulator.failNext(1, 503, "ERR_SERVICE_UNAVAILABLE");
        UpstreamCallCounter counter = new UpstreamCallCounter();

        StepVerifier.create(this.client.getUser(this.uid).contextWrite(counter::addTo))
            .expectNextCount(1)
            .verifyComplete();

        assertThat(counter.calls()).isEqualTo(2);
    }

    @Test
    void whenNothingListensThenRetriedAndUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CometChatClient nowhere = client("http://127.0.0.1:" + closedPort + "/v3", FAST);
        UpstreamCallCounter counter = new UpstreamCallCounter();

        StepVerifier.create(nowhere.getUser(this.uid).contextWrite(counter::addTo))
            .expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(CometChatUnreachableException.class)
                .hasMessageNotContaining(KEY))
            .verify(Duration.ofSeconds(10));

        assertThat(counter.calls()).isEqualTo(3);
    }

    @Test
    void nothingIsSentOrThrownBeforeSubscription() {
        emulator.failNext(10, 500, "ERR_INTERNAL");

        assertThatNoException().isThrownBy(() -> {
            Mono<?> user = this.client.getUser(null);
            Mono<?> deleted = this.client.deleteUser(this.uid, true);
            Mono<?> flushed = this.client.flushAuthTokens(this.uid);
            Mono<?> updated = this.client.updateUser(this.uid, new UserUpdate("x", null, null));
            Mono<?> token = this.client.createAuthToken(this.uid, true);
            assertThat(List.of(user, deleted, flushed, updated, token)).hasSize(5);
        });

        assertThat(emulator.totalCalls()).isZero();
        assertThat(emulator.userExists(this.uid)).isTrue();
    }

    @Test
    void defaultConstructorRetriesWithTheDefaultsNeverCuttingAnAttemptShort() {
        CometChatClient defaults = new CometChatClient(connections.webClient(),
                CometChatApp.of(APP_ID, "eu", KEY, emulator.baseUrl()), Duration.ofSeconds(30));

        assertThat(defaults.retrySettings().maxAttempts()).isEqualTo(RetrySettings.DEFAULTS.maxAttempts());
        assertThat(defaults.retrySettings().maxTotalTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.forApp(CometChatApp.of("other-app", "eu", KEY, emulator.baseUrl())).retrySettings())
            .isEqualTo(defaults.retrySettings());
    }

}
