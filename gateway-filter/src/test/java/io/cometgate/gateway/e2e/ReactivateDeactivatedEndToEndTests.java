package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.internal.support.EmulatorUsers;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/** A gateway with {@code cometchat.provisioning.reactivate-deactivated=true}: a deactivated user's login reactivates it. */
class ReactivateDeactivatedEndToEndTests {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private static GatewayReplica replica;

    private final CometChatEmulator emulator = TestInfrastructure.emulator();

    @BeforeAll
    static void startReplica() {
        replica = GatewayReplica.start(RedisTestServer.shared().url(),
                Map.of("cometchat.provisioning.reactivate-deactivated", "true"));
    }

    @AfterAll
    static void stopReplica() {
        replica.close();
    }

    @BeforeEach
    void resetEmulator() {
        this.emulator.reset();
    }

    @Test
    void postWhenUserDeactivatedThenReactivatesAndMints() {
        String uid = TestInfrastructure.uniqueUser("reactivate");
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, uid);
        replica.context().getBean(CometChatClient.class).deactivateUsers(List.of(uid)).block(Duration.ofSeconds(10));
        this.emulator.resetCounters();

        ResponseEntity<Map<String, Object>> response = WebClient.create(replica.baseUrl()).post()
            .uri("/cometchat-token")
            .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(uid)))
            .exchangeToMono((r) -> r.toEntity(JSON))
            .block(Duration.ofSeconds(30));

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(this.emulator.isTokenValid(uid, (String) response.getBody().get("authToken"))).isTrue();
        assertThat(this.emulator.user(uid)).hasValueSatisfying((user) -> assertThat(user.deactivated()).isFalse());
        assertThat(this.emulator.calls(Operation.ACTIVATE_USERS)).isEqualTo(1);
    }

}
