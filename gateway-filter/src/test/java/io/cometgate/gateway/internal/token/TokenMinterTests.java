package io.cometgate.gateway.internal.token;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatConnections;
import io.cometgate.gateway.client.NewUser;
import io.cometgate.gateway.internal.user.UserDeactivatedException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TokenMinter} over real HTTP against an emulator of its own: deactivated users, with and without reactivation. */
class TokenMinterTests {

    private static CometChatEmulator emulator;

    private static CometChatConnections connections;

    private static CometChatClient client;

    private String uid;

    @BeforeAll
    static void start() {
        emulator = CometChatEmulator.builder().port(0).build().start();
        connections = new CometChatConnections(Duration.ofSeconds(5), Duration.ofSeconds(5), 10,
                ObservationRegistry.NOOP, List.of());
        client = new CometChatClient(connections.webClient(),
                CometChatApp.of(emulator.appId(), emulator.region(), emulator.apiKey(), emulator.baseUrl()),
                Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        connections.destroy();
        emulator.close();
    }

    @BeforeEach
    void deactivatedUser() {
        emulator.reset();
        this.uid = "minter-" + UUID.randomUUID();
        client.createUser(new NewUser(this.uid, "Minter", null, false)).block(Duration.ofSeconds(30));
        assertThat(client.deactivateUsers(List.of(this.uid)).block(Duration.ofSeconds(10)).deactivatedUids())
            .containsExactly(this.uid);
        emulator.resetCounters();
    }

    private static UserProfile profile() {
        return new UserProfile("Minter", null);
    }

    @Test
    void mintWhenUserDeactivatedAndReactivationOffThenDeactivatedAfterThreeCalls() {
        StepVerifier.create(new TokenMinter().mint(client, this.uid, TokenMinterTests::profile, true, false))
            .expectError(UserDeactivatedException.class)
            .verify(Duration.ofSeconds(30));

        assertThat(emulator.totalCalls()).isEqualTo(3);
        assertThat(emulator.calls(Operation.ACTIVATE_USERS)).isZero();
        assertThat(emulator.user(this.uid)).hasValueSatisfying((user) -> assertThat(user.deactivated()).isTrue());
    }

    @Test
    void mintWhenUserDeactivatedAndReactivationOnThenReactivatesAndMints() {
        TokenMinter minter = new TokenMinter(true, AgedTokenRevoker.NONE);

        MintedToken minted = minter.mint(client, this.uid, TokenMinterTests::profile, true, false)
            .block(Duration.ofSeconds(30));

        assertThat(minted.outcome()).isEqualTo(MintOutcome.REACTIVATED);
        assertThat(emulator.isTokenValid(this.uid, minted.token().authToken())).isTrue();
        assertThat(emulator.user(this.uid)).hasValueSatisfying((user) -> assertThat(user.deactivated()).isFalse());
        assertThat(emulator.calls(Operation.ACTIVATE_USERS)).isEqualTo(1);
        // Mint (404), create (taken), mint (404), reactivate, mint.
        assertThat(emulator.totalCalls()).isEqualTo(5);
    }

    @Test
    void mintWhenProvisioningOffAndUserDeactivatedThenOneCallAndCometChatsAnswer() {
        StepVerifier.create(new TokenMinter(true, AgedTokenRevoker.NONE)
            .mint(client, this.uid, TokenMinterTests::profile, false, false))
            .expectErrorSatisfies((ex) -> assertThat(ex).hasMessageContaining("ERR_UID_NOT_FOUND"))
            .verify(Duration.ofSeconds(30));
        assertThat(emulator.totalCalls()).isEqualTo(1);
    }

}
