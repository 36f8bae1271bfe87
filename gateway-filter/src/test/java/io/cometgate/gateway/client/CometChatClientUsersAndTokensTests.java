package io.cometgate.gateway.client;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import org.springframework.http.HttpStatus;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.internal.web.ErrorCodes;
import io.cometgate.gateway.internal.web.GatewayError;
import io.cometgate.gateway.internal.web.GatewayErrorMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed client's bulk (de)activation, paged token listing and error details over real HTTP against an emulator
 * of its own; and a 403 from something that is not CometChat.
 */
class CometChatClientUsersAndTokensTests {

    private static CometChatEmulator emulator;

    private static CometChatConnections connections;

    private static CometChatClient client;

    private String uid;

    @BeforeAll
    static void start() {
        emulator = CometChatEmulator.builder().port(0).build().start();
        connections = new CometChatConnections(Duration.ofSeconds(5), Duration.ofSeconds(5), 10,
                ObservationRegistry.NOOP, List.of());
        client = clientOf(emulator.baseUrl());
    }

    private static CometChatClient clientOf(String baseUrl) {
        return new CometChatClient(connections.webClient(),
                CometChatApp.of(emulator.appId(), emulator.region(), emulator.apiKey(), baseUrl),
                Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        connections.destroy();
        emulator.close();
    }

    @BeforeEach
    void createUser() {
        emulator.reset();
        this.uid = "client-" + UUID.randomUUID();
        client.createUser(new NewUser(this.uid, "Client", null, false)).block(Duration.ofSeconds(30));
    }

    @Test
    void deactivateUsersThenReactivateUsersAnswersWhichUidsChanged() {
        String unknown = "nobody-" + UUID.randomUUID();

        UserDeactivation deactivation = client.deactivateUsers(List.of(this.uid, unknown)).block(Duration.ofSeconds(10));
        assertThat(deactivation.deactivatedUids()).containsExactly(this.uid);
        assertThat(deactivation.nonActiveUids()).containsExactly(unknown);
        assertThat(emulator.user(this.uid)).hasValueSatisfying((user) -> assertThat(user.deactivated()).isTrue());

        UserActivation activation = client.reactivateUsers(List.of(this.uid, unknown)).block(Duration.ofSeconds(10));
        assertThat(activation.activatedUids()).containsExactly(this.uid);
        assertThat(activation.nonDeactivatedUids()).containsExactly(unknown);
        assertThat(emulator.user(this.uid)).hasValueSatisfying((user) -> assertThat(user.deactivated()).isFalse());
    }

    @Test
    void reactivateUsersWhenMoreThanTwentyFiveThenFailsWithoutACall() {
        List<String> uids = IntStream.range(0, 26).mapToObj((i) -> "u" + i).toList();
        emulator.resetCounters();
        StepVerifier.create(client.reactivateUsers(uids)).expectError(IllegalArgumentException.class).verify();
        StepVerifier.create(client.deactivateUsers(List.of())).expectError(IllegalArgumentException.class).verify();
        assertThat(emulator.totalCalls()).isZero();
    }

    @Test
    void listAuthTokensWhenMoreThanAPageThenPagesNewestFirst() {
        Flux.range(0, 5).concatMap((i) -> client.createAuthToken(this.uid, true)).blockLast(Duration.ofSeconds(30));

        AuthTokenPage first = client.listAuthTokens(this.uid, 1, 2).block(Duration.ofSeconds(10));
        AuthTokenPage last = client.listAuthTokens(this.uid, 3, 2).block(Duration.ofSeconds(10));

        assertThat(first.tokens()).hasSize(2);
        assertThat(first.totalPages()).isEqualTo(3);
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.hasNext()).isTrue();
        assertThat(last.tokens()).hasSize(1);
        assertThat(last.hasNext()).isFalse();
        assertThat(first.tokens().get(0).createdAt()).isGreaterThanOrEqualTo(last.tokens().get(0).createdAt());
        assertThat(emulator.activeTokens(this.uid).get(0)).isEqualTo(first.tokens().get(0).authToken());
        assertThat(emulator.calls(Operation.LIST_AUTH_TOKENS)).isEqualTo(2);
    }

    @Test
    void createUserWhenAvatarRefusedThenTheErrorNamesTheFieldButNotTheValue() {
        StepVerifier.create(client.createUser(new NewUser("other-" + UUID.randomUUID(), "Other",
                "https://bad host.example/secret.png", false)))
            .expectErrorSatisfies((ex) -> {
                CometChatApiException api = (CometChatApiException) ex;
                assertThat(api.getStatus()).isEqualTo(400);
                assertThat(api.getErrorCode()).isEqualTo("ERR_BAD_REQUEST");
                assertThat(api.getDetailFields()).containsExactly("avatar");
                assertThat(api.getMessage()).contains("[avatar]").doesNotContain("secret");
            })
            .verify(Duration.ofSeconds(10));
    }

    @Test
    void callWhenSomethingOtherThanCometChatAnswers403ThenNotTheKeyButAnUpstreamFailure() {
        // A firewall or CDN page in front of CometChat: 403, HTML, no CometChat error code.
        DisposableServer firewall = HttpServer.create().port(0)
            .handle((request, response) -> response.status(403).header("Content-Type", "text/html")
                .sendString(reactor.core.publisher.Mono.just("<html><body>Access denied</body></html>")))
            .bindNow();
        try {
            CometChatClient blocked = clientOf("http://127.0.0.1:" + firewall.port() + "/v3");
            Throwable failure = blocked.createAuthToken(this.uid, false)
                .<Throwable>map((token) -> new AssertionError("the firewall let the call through"))
                .onErrorResume(reactor.core.publisher.Mono::just)
                .block(Duration.ofSeconds(10));

            assertThat(failure).isInstanceOf(CometChatApiException.class);
            CometChatApiException api = (CometChatApiException) failure;
            assertThat(api.getStatus()).isEqualTo(403);
            assertThat(api.getErrorCode()).isNull();
            assertThat(api.isApiKeyRejected()).isFalse();
            GatewayError error = new GatewayErrorMapper().toError(api, blocked.app());
            assertThat(error.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
            assertThat(error.code()).isEqualTo(ErrorCodes.COMETCHAT_UNAVAILABLE);
        }
        finally {
            firewall.disposeNow();
        }
    }

}
