package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.internal.health.CometChatAppStates;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters a dashboard needs beyond the request counts, on a replica with a Redis and a CometChat emulator of its
 * own (so that their counts are this test's alone): the token cache's lookups, the mints the single flight saved, the
 * upstream budget's remaining share and CometChat's own rate-limit headers.
 */
class OperationsMetricsEndToEndTests {

    private static CometChatEmulator emulator() {
        return CometChatEmulator.builder().port(0).appId(TestInfrastructure.APP_ID)
            .apiKey(TestInfrastructure.REST_API_KEY).region("eu").build().start();
    }

    private static GatewayReplica replica(RedisTestServer redis, CometChatEmulator emulator, Map<String, Object> more) {
        Map<String, Object> properties = new LinkedHashMap<>(more);
        properties.put("cometchat.base-url", emulator.baseUrl());
        return GatewayReplica.start(redis.url(), properties);
    }

    private static HttpStatus postToken(GatewayReplica replica, String user) {
        return post(replica, TestInfrastructure.jwt(user)).block(Duration.ofSeconds(30));
    }

    private static Mono<HttpStatus> post(GatewayReplica replica, String jwt) {
        return WebClient.create(replica.baseUrl()).post().uri("/cometchat-token")
            .headers((h) -> h.setBearerAuth(jwt))
            .exchangeToMono((response) -> response.releaseBody()
                .thenReturn(HttpStatus.valueOf(response.statusCode().value())));
    }

    private static double counter(GatewayReplica replica, String name, String tag, String value) {
        return replica.context().getBean(MeterRegistry.class).get(name).tag(tag, value).counter().count();
    }

    private static double gauge(GatewayReplica replica, String name) {
        return replica.context().getBean(MeterRegistry.class).get(name).tag("app", TestInfrastructure.APP_ID).gauge()
            .value();
    }

    private static double appWideGauge(GatewayReplica replica, String name) {
        return replica.context().getBean(MeterRegistry.class).get(name).tags("app", TestInfrastructure.APP_ID, "scope", "app")
            .gauge()
            .value();
    }

    @Test
    void tokenCacheWhenAUserAsksTwiceThenOneMissThenOneHit() {
        try (CometChatEmulator emulator = emulator(); RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica replica = replica(redis, emulator, Map.of())) {
            assertThat(counter(replica, "cometgate.token.cache.gets", "result", "miss")).as("registered at start")
                .isZero();

            assertThat(postToken(replica, "cache-user")).isEqualTo(HttpStatus.OK);
            assertThat(postToken(replica, "cache-user")).isEqualTo(HttpStatus.OK);

            assertThat(counter(replica, "cometgate.token.cache.gets", "result", "miss")).isEqualTo(1);
            assertThat(counter(replica, "cometgate.token.cache.gets", "result", "hit")).isEqualTo(1);
        }
    }

    @Test
    void singleFlightWhenTwentyFirstLoginsOfOneUserThenEveryRequestNotMintingIsCountedAsSaved() {
        try (CometChatEmulator emulator = emulator(); RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica replica = replica(redis, emulator, Map.of())) {
            // A first request of another user: the replica has read the issuer's keys before the storm.
            assertThat(postToken(replica, "warm-up-user")).isEqualTo(HttpStatus.OK);
            double missesBefore = counter(replica, "cometgate.token.cache.gets", "result", "miss");
            // Slow enough for every request to arrive while the first mint is with CometChat.
            emulator.latency(Duration.ofMillis(500));
            int requests = 20;

            String jwt = TestInfrastructure.jwt("storm-user");
            List<HttpStatus> answers = Flux.range(0, requests)
                .flatMap((i) -> post(replica, jwt), requests)
                .collectList().block(Duration.ofSeconds(60));

            assertThat(answers).hasSize(requests).containsOnly(HttpStatus.OK);
            double saved = counter(replica, "cometgate.token.mints.saved", "scope", "replica")
                    + counter(replica, "cometgate.token.mints.saved", "scope", "replicas");
            double cached = counter(replica, "cometgate.token.cache.gets", "result", "hit");
            double mints = counter(replica, "cometgate.token.cache.gets", "result", "miss") - missesBefore - saved;
            assertThat(emulator.calls(Operation.CREATE_USER)).as("two first logins reached CometChat: the warm-up's and "
                    + "one of the storm's").isEqualTo(2);
            assertThat(mints).as("requests that minted themselves").isEqualTo(1);
            assertThat(saved + cached + mints).isEqualTo(requests);
            assertThat(saved).isGreaterThan(0);
        }
    }

    @Test
    void upstreamBudgetAndCometChatRateLimitWhenCallsAreMadeThenGaugesSayWhatIsLeft() {
        try (CometChatEmulator emulator = emulator(); RedisTestServer redis = RedisTestServer.startDedicated()) {
            // CometChat's app-wide window (reported in the X-RateLimit-*-For-App headers), set before the first call.
            emulator.appRateLimit(1000, Duration.ofSeconds(15));
            try (GatewayReplica replica = replica(redis, emulator,
                    Map.of("cometchat.rate-limit.upstream-budget", "100/1h"))) {
                // The start-up health checks (one per app: this one and a route's second-app) are over first.
                int apps = replica.context().getBean(CometChatAppStates.class).watched().size();
                await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(emulator.calls(Operation.LIST_USERS)).isEqualTo(apps));

                assertThat(postToken(replica, "budget-user")).isEqualTo(HttpStatus.OK);

                long sent = emulator.totalCalls();
                // Health checks spend no budget: only the token request's calls did.
                long spent = sent - apps;
                assertThat(spent).as("a first login: mint, then create").isEqualTo(2);
                assertThat(gauge(replica, "cometgate.upstream.budget.remaining")).as("share left after %d calls of 100", spent)
                    .isEqualTo((100.0 - spent) / 100.0);
                // The app-wide pair (X-RateLimit-*-For-App) is the gauge tagged scope=app.
                assertThat(appWideGauge(replica, "cometgate.cometchat.ratelimit.limit")).isEqualTo(1000);
                assertThat(appWideGauge(replica, "cometgate.cometchat.ratelimit.remaining")).isEqualTo(1000 - sent);
            }
        }
    }

}
