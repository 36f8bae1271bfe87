package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cometgate.emulator.Operation;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.internal.support.EmulatorUsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CometChat as it really fails, end to end against the emulator producing each case itself (a spent plan quota, an
 * avatar it does not take, a deactivated user, its own rate-limit headers), not by injected failures.
 */
@ExtendWith(OutputCaptureExtension.class)
class CometChatFailureModesEndToEndTests extends GatewayEndToEndTest {

    /** Not a URL to CometChat (a space in the host), though its scheme is https. */
    private static final String REFUSED_AVATAR = "https://cdn example.com/secret-avatar-value.png";

    @Autowired
    private MeterRegistry meterRegistry;

    @Autowired
    private CometChatClient cometChatClient;

    private WebTestClient.ResponseSpec postToken(String path, String jwt) {
        return this.client.post().uri(path).headers((h) -> h.setBearerAuth(jwt)).exchange();
    }

    private double counter(String name, String... tags) {
        var counter = this.meterRegistry.find(name).tags(tags).counter();
        return (counter != null) ? counter.count() : 0;
    }

    @Test
    void postWhenPlanQuotaSpentThen503WithoutRetryAfterOneErrorLogAMetricAndExistingUsersStillGetTokens(
            CapturedOutput output) {
        String existing = TestInfrastructure.uniqueUser("quota-old");
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, existing);
        this.emulator.maxUsers(1);
        double before = counter("cometgate.cometchat.plan.quota.exceeded", "app", TestInfrastructure.APP_ID);

        for (int i = 0; i < 2; i++) {
            postToken("/cometchat-token", TestInfrastructure.jwt(TestInfrastructure.uniqueUser("quota-new")))
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.error.code").isEqualTo("COMETCHAT_PLAN_QUOTA_EXCEEDED");
        }
        // The person who already has a user is not locked out.
        postToken("/cometchat-token", TestInfrastructure.jwt(existing)).expectStatus().isOk()
            .expectBody().jsonPath("$.uid").isEqualTo(existing);

        assertThat(this.emulator.calls(Operation.CREATE_USER)).isEqualTo(3);
        assertThat(counter("cometgate.cometchat.plan.quota.exceeded", "app", TestInfrastructure.APP_ID) - before)
            .isEqualTo(2);
        String log = output.getAll();
        // Once, not per refused login, and saying what to do.
        assertThat(log.split("plan's user quota is spent", -1)).hasSize(2);
        assertThat(log).contains("Upgrade the app's CometChat plan, or delete unused users permanently");
        assertThat(log).doesNotContain("COMETCHAT_REQUEST_REJECTED");
    }

    @Test
    void putUserWhenPlanQuotaSpentThen503WithoutRetryAfter() {
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, TestInfrastructure.uniqueUser("quota"));
        this.emulator.maxUsers(1);

        this.client.put().uri("/quota-app/cometchat-user")
            .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(TestInfrastructure.uniqueUser("quota-sync"))))
            .exchange()
            .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
            .expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER)
            .expectBody().jsonPath("$.error.code").isEqualTo("COMETCHAT_PLAN_QUOTA_EXCEEDED");
    }

    @Test
    void postWhenCometChatRefusesTheAvatarThenCreatesTheUserWithAMinimalProfileAndMints(CapturedOutput output) {
        String uid = TestInfrastructure.uniqueUser("refused");
        String jwt = TestInfrastructure.jwt(uid, Map.of("name", "Refused Avatar", "picture", REFUSED_AVATAR));

        Map<String, Object> body = postToken("/cometchat-token", jwt).expectStatus().isOk()
            .expectBody(JSON).returnResult().getResponseBody();

        assertThat(this.emulator.isTokenValid(uid, (String) body.get("authToken"))).isTrue();
        assertThat(this.emulator.user(uid)).hasValueSatisfying((user) -> {
            assertThat(user.name()).isEqualTo("Refused Avatar");
            assertThat(user.avatar()).isNull();
        });
        // Mint (404), create (400 on the avatar), create again: three calls, the token came with the user.
        assertThat(this.emulator.calls(Operation.CREATE_USER)).isEqualTo(2);
        assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output)
            .contains("outcome=PROVISIONED_MINIMAL_PROFILE"));
        assertThat(output).contains("refused the profile fields [avatar] of new user " + uid)
            .doesNotContain("secret-avatar-value");
    }

    @Test
    void putUserWhenCometChatRefusesTheAvatarThenAnswersWhatItStored(CapturedOutput output) {
        String uid = TestInfrastructure.uniqueUser("refused-sync");
        String jwt = TestInfrastructure.jwt(uid, Map.of("name", "Sync Refused", "picture", REFUSED_AVATAR));

        // First a create (the user is missing), then an update of the existing user: both store what they can.
        for (String outcome : List.of("CREATED", "UPDATED")) {
            Map<String, Object> body = this.client.put().uri("/cometchat-user").headers((h) -> h.setBearerAuth(jwt))
                .exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
            assertThat(body).containsEntry("uid", uid).containsEntry("name", "Sync Refused").doesNotContainKey("avatar");
            await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(output).contains("uid=" + uid + " outcome=" + outcome));
        }
        assertThat(this.emulator.user(uid)).hasValueSatisfying((user) -> assertThat(user.avatar()).isNull());
        assertThat(output).contains("refused the profile fields [avatar] of user " + uid)
            .doesNotContain("secret-avatar-value");
    }

    @Test
    void postWhenUserDeactivatedThen403WithoutFurtherCalls() {
        String uid = TestInfrastructure.uniqueUser("deactivated");
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, uid);
        assertThat(this.cometChatClient.deactivateUsers(List.of(uid)).block(Duration.ofSeconds(10)).deactivatedUids())
            .containsExactly(uid);
        this.emulator.resetCounters();

        postToken("/cometchat-token", TestInfrastructure.jwt(uid))
            .expectStatus().isForbidden()
            .expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER)
            .expectBody().jsonPath("$.error.code").isEqualTo("CHAT_USER_DEACTIVATED");

        // Mint (404), create (the UID is taken), mint (404 again): deactivated. Nothing more, no retries.
        assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(2);
        assertThat(this.emulator.calls(Operation.CREATE_USER)).isEqualTo(1);
        assertThat(this.emulator.totalCalls()).isEqualTo(3);
        assertThat(this.emulator.user(uid)).hasValueSatisfying((user) -> assertThat(user.deactivated()).isTrue());
    }

    @Test
    void putUserWhenUserDeactivatedThen403() {
        String uid = TestInfrastructure.uniqueUser("deactivated-sync");
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, uid);
        this.cometChatClient.deactivateUsers(List.of(uid)).block(Duration.ofSeconds(10));

        this.client.put().uri("/cometchat-user").headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(uid)))
            .exchange()
            .expectStatus().isForbidden()
            .expectBody().jsonPath("$.error.code").isEqualTo("CHAT_USER_DEACTIVATED");
    }

    @Test
    void postWhenCometChatRemainingShareLowThenCallsAreSpacedOutAndCometChatNeverAnswers429() {
        // The app-wide cap shows in X-RateLimit-*-For-App; the default threshold is 10 % of it.
        int cap = 60;
        this.emulator.appRateLimit(cap, Duration.ofSeconds(60));
        List<String> codes = new ArrayList<>();
        // First logins: two calls each (mint, create), far more than the cap allows in a minute.
        for (int i = 0; i < cap; i++) {
            EntityExchangeResult<Map<String, Object>> result = postToken("/headroom-app/cometchat-token",
                    TestInfrastructure.jwt(TestInfrastructure.uniqueUser("headroom")))
                .expectBody(JSON).returnResult();
            codes.add((result.getStatus().value() == 200) ? "OK" : errorCode(result.getResponseBody()));
        }

        assertThat(codes).doesNotContain("COMETCHAT_RATE_LIMITED").contains("OK", "UPSTREAM_BUDGET_EXHAUSTED");
        assertThat(this.emulator.totalCalls()).isLessThan(cap);
        double remaining = this.meterRegistry.get("cometgate.cometchat.ratelimit.remaining")
            .tags("app", "headroom-app", "scope", "app").gauge().value();
        assertThat(remaining).isGreaterThanOrEqualTo(0).isLessThan(cap * 0.1);
        assertThat(remaining).isEqualTo(cap - this.emulator.totalCalls());
    }

    @SuppressWarnings("unchecked")
    private static String errorCode(Map<String, Object> body) {
        return (String) ((Map<String, Object>) body.get("error")).get("code");
    }

}
