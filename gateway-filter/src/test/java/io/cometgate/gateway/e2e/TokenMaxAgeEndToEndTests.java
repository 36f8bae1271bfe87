package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.reactive.function.client.WebClient;

import io.cometgate.emulator.Operation;
import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.internal.support.EmulatorUsers;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tokens that do not live forever, end to end: the gateway runs with the default {@code cometchat.token-max-age} of
 * seven days, and the emulator holds tokens aged by its {@code createdAt} knob.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenMaxAgeEndToEndTests extends GatewayEndToEndTest {

    @Autowired
    private CometChatClient cometChatClient;

    @Autowired
    private MeterRegistry meterRegistry;

    private AuthToken tokenAged(String uid, Duration age) {
        AuthToken token = this.cometChatClient.createAuthToken(uid, true).block(Duration.ofSeconds(10));
        this.emulator.tokenCreatedAt(uid, token.authToken(), Instant.now().minus(age));
        return token;
    }

    private Map<String, Object> post(String baseUrl, String path, String jwt) {
        return WebClient.create(baseUrl).post().uri(path).headers((h) -> h.setBearerAuth(jwt))
            .retrieve().bodyToMono(JSON).block(Duration.ofSeconds(30));
    }

    private double revokedForAge() {
        var counter = this.meterRegistry.find("cometgate.tokens.revoked").tags("reason", "max-age").counter();
        return (counter != null) ? counter.count() : 0;
    }

    @Test
    void postWhenTokensOfOneFiveAndTenDaysThenTheNextMintRevokesOnlyTheTenDayOne(CapturedOutput output) {
        String uid = TestInfrastructure.uniqueUser("aged");
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, uid);
        AuthToken oneDay = tokenAged(uid, Duration.ofDays(1));
        AuthToken fiveDays = tokenAged(uid, Duration.ofDays(5));
        AuthToken tenDays = tokenAged(uid, Duration.ofDays(10));
        double revokedBefore = revokedForAge();
        this.emulator.resetCounters();

        String minted = (String) post("http://localhost:" + this.port, "/cometchat-token",
                TestInfrastructure.jwt(uid)).get("authToken");

        assertThat(this.emulator.isTokenValid(uid, minted)).isTrue();
        assertThat(this.emulator.isTokenValid(uid, oneDay.authToken())).isTrue();
        assertThat(this.emulator.isTokenValid(uid, fiveDays.authToken())).isTrue();
        assertThat(this.emulator.isTokenValid(uid, tenDays.authToken())).isFalse();
        // Mint, list, delete: the clean-up's calls are counted like any other.
        assertThat(this.emulator.totalCalls()).isEqualTo(3);
        // Counted once CometChat's answer to the delete is read, which may be just after the emulator revoked it.
        await().atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(revokedForAge() - revokedBefore).isEqualTo(1));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output)
            .contains("uid=" + uid + " outcome=MINTED status=200").contains("upstreamCalls=3"));
    }

    @Test
    void postWithoutFreshAfterAMintThenTheCachedTokenWithoutAMint() {
        // The recovery of a device whose older token was revoked: it asks again, without fresh, and gets the
        // current token from the cache.
        String uid = TestInfrastructure.uniqueUser("recover");
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, uid);
        String jwt = TestInfrastructure.jwt(uid);
        String current = (String) post("http://localhost:" + this.port, "/cometchat-token", jwt).get("authToken");
        this.emulator.resetCounters();

        String again = (String) post("http://localhost:" + this.port, "/cometchat-token", jwt).get("authToken");

        assertThat(again).isEqualTo(current);
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void postWhenUpstreamBudgetSpentByTheMintThenTheCleanUpIsDeferredAndTheRequestSucceeds() {
        String uid = TestInfrastructure.uniqueUser("budget");
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, uid);
        AuthToken old = tokenAged(uid, Duration.ofDays(9));
        // Room for two calls an hour: the mint and the listing; the deletion is held back by the gateway.
        Map<String, Object> properties = Map.of("cometchat.rate-limit.upstream-budget", "2/1h",
                "cometchat.rate-limit.key-prefix", "budget-" + java.util.UUID.randomUUID() + ":");
        try (GatewayReplica replica = GatewayReplica.start(RedisTestServer.shared().url(), properties)) {
            this.emulator.resetCounters();

            String minted = (String) post(replica.baseUrl(), "/cometchat-token", TestInfrastructure.jwt(uid))
                .get("authToken");

            assertThat(this.emulator.isTokenValid(uid, minted)).isTrue();
            assertThat(this.emulator.isTokenValid(uid, old.authToken())).isTrue();
            assertThat(this.emulator.calls(Operation.LIST_AUTH_TOKENS)).isEqualTo(1);
            assertThat(this.emulator.calls(Operation.DELETE_AUTH_TOKEN)).isZero();
            MeterRegistry replicaMeters = replica.context().getBean(MeterRegistry.class);
            assertThat(replicaMeters.get("cometgate.tokens.revocations.deferred").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void freshMintsOnTwoReplicasAtOnceThenNeitherRevokesTheOthersNewToken() {
        String uid = TestInfrastructure.uniqueUser("two-replicas");
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, uid);
        AuthToken young = tokenAged(uid, Duration.ofDays(2));
        AuthToken old = tokenAged(uid, Duration.ofDays(8));
        String jwt = TestInfrastructure.jwt(uid);

        try (GatewayReplica other = GatewayReplica.start(RedisTestServer.shared().url(), Map.of())) {
            List<String> urls = List.of("http://localhost:" + this.port, other.baseUrl());
            List<String> minted = Flux.range(0, 4)
                .flatMap((i) -> Mono.fromCallable(() -> (String) post(urls.get(i % 2), "/cometchat-token?fresh=true", jwt)
                    .get("authToken")).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 4)
                .collectList()
                .block(Duration.ofSeconds(60));

            assertThat(minted).hasSize(4).doesNotHaveDuplicates()
                .allSatisfy((token) -> assertThat(this.emulator.isTokenValid(uid, token)).isTrue());
            assertThat(this.emulator.isTokenValid(uid, young.authToken())).isTrue();
            assertThat(this.emulator.isTokenValid(uid, old.authToken())).isFalse();
            // Each mint listed the tokens; the aged one was deleted once or, by a racing replica, found gone.
            assertThat(this.emulator.calls(Operation.LIST_AUTH_TOKENS)).isEqualTo(4);
        }
    }

}
