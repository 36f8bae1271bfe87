package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.internal.health.CometChatAppStates;
import io.cometgate.gateway.internal.health.CometGateStatus;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code cometgate} health of a running replica against a real redis-server that is stopped and started again,
 * and a CometChat emulator of its own (so that its calls can be counted) that refuses the key or answers 429.
 */
class HealthEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static Health health(GatewayReplica replica, String... path) {
        ReactiveHealthContributor contributor = replica.context().getBean("cometgate",
                CompositeReactiveHealthContributor.class);
        for (String name : path) {
            contributor = ((CompositeReactiveHealthContributor) contributor).getContributor(name);
            assertThat(contributor).as("health contributor " + name).isNotNull();
        }
        return ((ReactiveHealthIndicator) contributor).health().block(Duration.ofSeconds(10));
    }

    private static WebTestClient client(GatewayReplica replica) {
        return WebTestClient.bindToServer().baseUrl(replica.baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** Until every app (routes' included) had its first check: the injected faults are then for the test's calls. */
    private static void awaitStartUpChecks(GatewayReplica replica) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(health(replica, "cometchat", TestInfrastructure.APP_ID).getStatus()).isEqualTo(Status.UP);
            assertThat(health(replica, "cometchat", "second-app").getStatus()).isEqualTo(Status.UP);
        });
    }

    private static CometChatEmulator emulator() {
        return CometChatEmulator.builder().port(0).appId(TestInfrastructure.APP_ID)
            .apiKey(TestInfrastructure.REST_API_KEY).region("eu").build().start();
    }

    private static GatewayReplica replica(RedisTestServer redis, CometChatEmulator emulator, Map<String, Object> more) {
        Map<String, Object> properties = new java.util.LinkedHashMap<>(more);
        properties.put("cometchat.base-url", emulator.baseUrl());
        // One check per app at start: on a loaded machine it must not time out (application.yml's 1 s).
        properties.put("cometchat.response-timeout", "10s");
        properties.put("cometchat.rate-limit.redis-timeout", "250ms");
        properties.put("cometchat.rate-limit.redis-retry-interval", "300ms");
        return GatewayReplica.start(redis.url(), properties);
    }

    @Test
    void redisWhenStoppedUnderFailOpenThenDegradedNamingThePolicyThenUpWhenStartedAgain() {
        try (CometChatEmulator emulator = emulator(); RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica replica = replica(redis, emulator, Map.of())) {
            assertThat(health(replica, "redis").getStatus()).isEqualTo(Status.UP);

            redis.stop();
            Health down = health(replica, "redis");
            assertThat(down.getStatus()).isEqualTo(CometGateStatus.DEGRADED);
            assertThat(down.getDetails()).containsEntry("policy", "fail-open");

            redis.start();
            await().atMost(WAIT).untilAsserted(() -> assertThat(health(replica, "redis").getStatus()).isEqualTo(Status.UP));
        }
    }

    @Test
    void tokenInvalidationsWhenSubscribedThenUpUnderCometgate() {
        try (CometChatEmulator emulator = emulator(); RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica replica = replica(redis, emulator, Map.of())) {
            // The subscription is opened in the background at start-up: UP once Redis confirmed it.
            await().atMost(WAIT).untilAsserted(() -> {
                Health invalidations = health(replica, "tokenInvalidations");
                assertThat(invalidations.getStatus()).isEqualTo(Status.UP);
                assertThat(invalidations.getDetails()).containsEntry("subscription", "delivering")
                    .containsEntry("silences", 0L);
            });
        }
    }

    @Test
    void redisWhenStoppedUnderFailClosedThenDown() {
        try (CometChatEmulator emulator = emulator(); RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica replica = replica(redis, emulator,
                        Map.of("cometchat.rate-limit.redis-failure", "fail-closed"))) {
            redis.stop();
            Health down = health(replica, "redis");
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("policy", "fail-closed");
        }
    }

    @Test
    void cometchatWhenTheKeyIsRefusedThenDownFromOneBackgroundCheckAndNoCallPerHealthRead() {
        try (CometChatEmulator emulator = emulator(); RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica replica = replica(redis, emulator,
                        Map.of("cometchat.rest-api-key", "not-the-key-the-emulator-accepts"))) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(health(replica, "cometchat", TestInfrastructure.APP_ID)
                .getStatus()).isEqualTo(Status.DOWN));
            Health refused = health(replica, "cometchat", TestInfrastructure.APP_ID);
            assertThat(refused.getDetails()).containsEntry("reason", "COMETCHAT_API_KEY_REJECTED");
            assertThat(refused.toString()).doesNotContain("not-the-key");
            long checks = emulator.totalCalls();
            // The global app, and the apps application.yml's routes name.
            List<String> apps = replica.context().getBean(CometChatAppStates.class).watched().stream()
                .map(CometChatApp::appId).toList();
            assertThat(apps).containsExactlyInAnyOrder(TestInfrastructure.APP_ID, "second-app", "headroom-app",
                    "quota-app");
            assertThat(checks).as("one check per app at start-up").isEqualTo(apps.size());

            for (int i = 0; i < 5; i++) {
                health(replica, "cometchat", TestInfrastructure.APP_ID);
            }
            assertThat(emulator.totalCalls()).as("reading the health never calls CometChat")
                .isEqualTo(checks);
        }
    }

    @Test
    void cometchatWhenTheKeyIsAcceptedThenUpAndCheckedAgainInTheBackground() {
        try (CometChatEmulator emulator = emulator(); RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica replica = replica(redis, emulator, Map.of("cometchat.health.check-interval", "200ms"))) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(emulator.totalCalls())
                .isGreaterThanOrEqualTo(3));
            assertThat(health(replica, "cometchat", TestInfrastructure.APP_ID).getStatus()).isEqualTo(Status.UP);
            // The app a route names (second-app-token in application.yml) is watched and checked too.
            await().atMost(WAIT).untilAsserted(() -> assertThat(health(replica, "cometchat", "second-app").getStatus())
                .isEqualTo(Status.UP));
        }
    }

    @Test
    void cometchatWhenThePlanQuotaIsReachedThenDegradedUntilAUserIsCreatedAgain() {
        try (CometChatEmulator emulator = emulator(); RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica replica = replica(redis, emulator, Map.of())) {
            WebTestClient client = client(replica);
            awaitStartUpChecks(replica);
            emulator.maxUsers(1);
            client.post().uri("/cometchat-token").headers((h) -> h.setBearerAuth(TestInfrastructure.jwt("quota-1")))
                .exchange().expectStatus().isOk();
            client.post().uri("/cometchat-token").headers((h) -> h.setBearerAuth(TestInfrastructure.jwt("quota-2")))
                .exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectBody().jsonPath("$.error.code").isEqualTo("COMETCHAT_PLAN_QUOTA_EXCEEDED");

            Health quota = health(replica, "cometchat", TestInfrastructure.APP_ID);
            assertThat(quota.getStatus()).isEqualTo(CometGateStatus.DEGRADED);
            assertThat(quota.getDetails()).containsEntry("reason", "PLAN_QUOTA_RESTRICTION");

            emulator.maxUsers(0);
            client.post().uri("/cometchat-token").headers((h) -> h.setBearerAuth(TestInfrastructure.jwt("quota-2")))
                .exchange().expectStatus().isOk();
            assertThat(health(replica, "cometchat", TestInfrastructure.APP_ID).getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void upstreamPauseWhenCometChatAnswered429ThenDegradedWithItsEnd() {
        try (CometChatEmulator emulator = emulator(); RedisTestServer redis = RedisTestServer.startDedicated();
                GatewayReplica replica = replica(redis, emulator, Map.of())) {
            assertThat(health(replica, "upstreamPause").getStatus()).isEqualTo(Status.UP);
            awaitStartUpChecks(replica);
            emulator.failNext(1, 429, "ERR_TOO_MANY_REQUESTS");

            client(replica).post().uri("/cometchat-token")
                .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt("paused-user"))).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

            Health paused = health(replica, "upstreamPause");
            assertThat(paused.getStatus()).isEqualTo(CometGateStatus.DEGRADED);
            assertThat(paused.getDetails()).containsKey(TestInfrastructure.APP_ID);
        }
    }

}
