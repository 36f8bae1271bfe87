package io.cometgate.gateway.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import ch.qos.logback.classic.Level;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatConnections;
import io.cometgate.gateway.client.NewUser;
import io.cometgate.gateway.internal.ratelimit.LimitPolicy;
import io.cometgate.gateway.internal.ratelimit.LimitSpec;
import io.cometgate.gateway.internal.ratelimit.LocalBucketStore;
import io.cometgate.gateway.config.RedisFailurePolicy;
import io.cometgate.gateway.internal.ratelimit.UpstreamBudget;
import io.cometgate.gateway.internal.support.LogCapture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AgedTokenRevoker} over real HTTP against an emulator of its own holding aged tokens, with the real upstream
 * budget filter where the test needs one.
 */
class AgedTokenRevokerTests {

    private static final Duration MAX_AGE = Duration.ofDays(7);

    private static CometChatEmulator emulator;

    private final List<CometChatConnections> connections = new ArrayList<>();

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private final AgedTokenRevoker revoker = new AgedTokenRevoker(MAX_AGE, 10, Clock.systemUTC(), this.registry);

    private CometChatClient setup;

    private String uid;

    @BeforeAll
    static void startEmulator() {
        emulator = CometChatEmulator.builder().port(0).build().start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void createUser() {
        emulator.reset();
        this.setup = client(List.of());
        this.uid = "aged-" + UUID.randomUUID();
        this.setup.createUser(new NewUser(this.uid, "Aged", null, false)).block(Duration.ofSeconds(30));
    }

    @AfterEach
    void closeConnections() {
        this.connections.forEach(CometChatConnections::destroy);
    }

    private CometChatClient client(List<ExchangeFilterFunction> guards) {
        CometChatConnections pool = new CometChatConnections(Duration.ofSeconds(5), Duration.ofSeconds(5), 10,
                ObservationRegistry.NOOP, guards);
        this.connections.add(pool);
        return new CometChatClient(pool.webClient(),
                CometChatApp.of(emulator.appId(), emulator.region(), emulator.apiKey(), emulator.baseUrl()),
                Duration.ofSeconds(10));
    }

    /** A client whose calls spend an upstream budget of {@code budget} (for example {@code 1/1h}). */
    private CometChatClient clientWithBudget(String budget) {
        LocalBucketStore store = new LocalBucketStore(100, Duration.ofHours(1));
        UpstreamBudget upstream = new UpstreamBudget((key, policy, onFailure) -> store.tryConsume(key, policy),
                LimitPolicy.of("upstream", LimitSpec.parseList(budget)), "test:", RedisFailurePolicy.FAIL_OPEN);
        return client(List.of(upstream));
    }

    private AuthToken mintAged(Duration age) {
        AuthToken token = this.setup.createAuthToken(this.uid, true).block(Duration.ofSeconds(10));
        emulator.tokenCreatedAt(this.uid, token.authToken(), Instant.now().minus(age));
        return token;
    }

    private AuthToken mintNew() {
        return this.setup.createAuthToken(this.uid, true).block(Duration.ofSeconds(10));
    }

    private double revoked() {
        return this.registry.get("cometgate.tokens.revoked").tags("reason", "max-age").counter().count();
    }

    private double deferred() {
        return this.registry.get("cometgate.tokens.revocations.deferred").counter().count();
    }

    @Test
    void revokeAgedWhenTokensOfOneFiveAndTenDaysAndMaxSevenThenOnlyTheTenDayOneIsRevoked() {
        AuthToken oneDay = mintAged(Duration.ofDays(1));
        AuthToken fiveDays = mintAged(Duration.ofDays(5));
        AuthToken tenDays = mintAged(Duration.ofDays(10));
        AuthToken minted = mintNew();
        emulator.resetCounters();

        StepVerifier.create(this.revoker.revokeAged(client(List.of()), this.uid, minted)).verifyComplete();

        assertThat(emulator.isTokenValid(this.uid, tenDays.authToken())).isFalse();
        assertThat(emulator.isTokenValid(this.uid, fiveDays.authToken())).isTrue();
        assertThat(emulator.isTokenValid(this.uid, oneDay.authToken())).isTrue();
        assertThat(emulator.isTokenValid(this.uid, minted.authToken())).isTrue();
        assertThat(emulator.calls(Operation.LIST_AUTH_TOKENS)).isEqualTo(1);
        assertThat(emulator.calls(Operation.DELETE_AUTH_TOKEN)).isEqualTo(1);
        assertThat(revoked()).isEqualTo(1);
        assertThat(deferred()).isZero();
    }

    @Test
    void revokeAgedWhenUpstreamBudgetSpentThenDeferredNotFailedAndDoneAtTheNextMint() {
        AuthToken old = mintAged(Duration.ofDays(30));
        AuthToken minted = mintNew();
        emulator.resetCounters();

        // The budget has room for the listing only: the deletion is held back by the gateway, not sent.
        StepVerifier.create(this.revoker.revokeAged(clientWithBudget("1/1h"), this.uid, minted)).verifyComplete();

        assertThat(emulator.isTokenValid(this.uid, old.authToken())).isTrue();
        assertThat(emulator.calls(Operation.DELETE_AUTH_TOKEN)).isZero();
        assertThat(deferred()).isEqualTo(1);
        assertThat(revoked()).isZero();

        // The next mint, with budget to spare, finishes the job.
        StepVerifier.create(this.revoker.revokeAged(clientWithBudget("10/1h"), this.uid, mintNew())).verifyComplete();
        assertThat(emulator.isTokenValid(this.uid, old.authToken())).isFalse();
        assertThat(revoked()).isEqualTo(1);
        assertThat(deferred()).isEqualTo(1);
    }

    @Test
    void revokeAgedWhenCometChatAnswers429ThenDeferredNotFailed() {
        AuthToken old = mintAged(Duration.ofDays(30));
        AuthToken minted = mintNew();
        // CometChat itself allows one more call this minute: the listing; the deletion is answered 429.
        emulator.appRateLimit(1, Duration.ofSeconds(30));

        StepVerifier.create(this.revoker.revokeAged(client(List.of()), this.uid, minted)).verifyComplete();

        assertThat(emulator.isTokenValid(this.uid, old.authToken())).isTrue();
        assertThat(emulator.calls(Operation.DELETE_AUTH_TOKEN)).isEqualTo(1);
        assertThat(deferred()).isEqualTo(1);
        assertThat(revoked()).isZero();
    }

    @Test
    void revokeAgedWhenMoreAgedTokensThanTheBoundThenTheOldestFirstAndTheRestAtTheNextMint() {
        List<AuthToken> aged = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            aged.add(mintAged(Duration.ofDays(30 - i)));
        }
        AuthToken minted = mintNew();
        emulator.resetCounters();

        StepVerifier.create(this.revoker.revokeAged(client(List.of()), this.uid, minted)).verifyComplete();

        assertThat(emulator.calls(Operation.DELETE_AUTH_TOKEN)).isEqualTo(10);
        // The ten oldest went first; the two youngest of the aged are left for the next mint.
        assertThat(aged.subList(0, 10)).noneMatch((t) -> emulator.isTokenValid(this.uid, t.authToken()));
        assertThat(aged.subList(10, 12)).allMatch((t) -> emulator.isTokenValid(this.uid, t.authToken()));
        assertThat(deferred()).isEqualTo(1);

        StepVerifier.create(this.revoker.revokeAged(client(List.of()), this.uid, mintNew())).verifyComplete();
        assertThat(aged).noneMatch((t) -> emulator.isTokenValid(this.uid, t.authToken()));
        assertThat(revoked()).isEqualTo(12);
        assertThat(emulator.isTokenValid(this.uid, minted.authToken())).isTrue();
    }

    @Test
    void revokeAgedWhenAgedTokensAreOnTheLastPageThenReadsItAndRevokesThem() {
        List<AuthToken> aged = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            aged.add(mintAged(Duration.ofDays(20 + i)));
        }
        // 101 young tokens push the aged ones to the second page of 100.
        Flux.range(0, 101).concatMap((i) -> this.setup.createAuthToken(this.uid, true)).blockLast(Duration.ofSeconds(60));
        AuthToken minted = mintNew();
        emulator.resetCounters();

        StepVerifier.create(this.revoker.revokeAged(client(List.of()), this.uid, minted)).verifyComplete();

        assertThat(emulator.calls(Operation.LIST_AUTH_TOKENS)).isEqualTo(2);
        assertThat(aged).noneMatch((t) -> emulator.isTokenValid(this.uid, t.authToken()));
        assertThat(emulator.activeTokens(this.uid)).hasSize(102);
        assertThat(revoked()).isEqualTo(3);
    }

    @Test
    void revokeAgedWhenCometChatFailsThenLogsTheFailuresTypeOnlyNotItsMessage() {
        AuthToken minted = mintNew();
        mintAged(Duration.ofDays(10));
        emulator.failNext(3, 500, "ERR_INTERNAL");

        String logs;
        try (LogCapture capture = LogCapture.of(Level.TRACE, AgedTokenRevoker.class.getName())) {
            StepVerifier.create(this.revoker.revokeAged(client(List.of()), this.uid, minted)).verifyComplete();
            logs = capture.text();
        }

        assertThat(logs).contains("deferred to its next mint: CometChatApiException")
            .doesNotContain("LIST_AUTH_TOKENS")
            .doesNotContain("500");
    }

    @Test
    void revokeAgedWhenNoMaxAgeThenNoCall() {
        emulator.resetCounters();
        StepVerifier.create(AgedTokenRevoker.NONE.revokeAged(client(List.of()), this.uid, mintNew())).verifyComplete();
        assertThat(emulator.calls(Operation.LIST_AUTH_TOKENS)).isZero();
    }

}
