package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cometgate.emulator.Operation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user route end to end: the caller's own CometChat user synced, read and erased through a real gateway, with
 * real JWTs and real HTTP to the emulator. Every test has users of its own: limits and cached tokens stay in Redis.
 */
@ExtendWith(OutputCaptureExtension.class)
class UserRouteEndToEndTests extends GatewayEndToEndTest {

    private static final String ROUTE = "/cometchat-user";

    private WebTestClient.ResponseSpec send(HttpMethod method, String jwt) {
        return this.client.method(method).uri(ROUTE).headers((h) -> h.setBearerAuth(jwt)).exchange();
    }

    private Map<String, Object> put(String jwt) {
        return send(HttpMethod.PUT, jwt).expectStatus().isOk()
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody(JSON).returnResult().getResponseBody();
    }

    /** The audit line is written once the answer is sent, so it may land just after the client has read it. */
    private static void awaitLog(CapturedOutput output, String... fragments) {
        Awaitility.await().atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(output.getOut()).contains(fragments));
    }

    private String mintToken(String user) {
        return (String) this.client.post().uri("/cometchat-token")
            .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(user)))
            .exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody().get("authToken");
    }

    @Test
    void putWhenUserMissingThenCreatesItWithProfileFromClaims(CapturedOutput output) {
        String user = TestInfrastructure.uniqueUser("sync-new");
        String jwt = TestInfrastructure.jwt(user, Map.of("name", "Nora New", "picture", "https://cdn.example.com/n.png"));

        Map<String, Object> body = put(jwt);

        assertThat(body).containsEntry("uid", user).containsEntry("name", "Nora New")
            .containsEntry("avatar", "https://cdn.example.com/n.png").containsEntry("role", "default")
            .containsKeys("status", "createdAt").doesNotContainKey("authToken");
        assertThat(this.emulator.user(user)).hasValueSatisfying((created) -> {
            assertThat(created.name()).isEqualTo("Nora New");
            assertThat(created.avatar()).isEqualTo("https://cdn.example.com/n.png");
        });
        // Update (404), then create: no token minted along the way.
        assertThat(this.emulator.calls(Operation.UPDATE_USER)).isEqualTo(1);
        assertThat(this.emulator.calls(Operation.CREATE_USER)).isEqualTo(1);
        assertThat(this.emulator.activeTokens(user)).isEmpty();
        awaitLog(output, "event=cometchat.user.sync route=cometchat-user app=" + TestInfrastructure.APP_ID + " uid="
                + user + " outcome=CREATED status=200");
        assertThat(output.getOut()).containsPattern("uid=" + user + " outcome=CREATED .* upstreamCalls=2");
    }

    @Test
    void putWhenUserExistsThenUpdatesItAndRemovesTheAvatarWhenTheClaimIsGone(CapturedOutput output) {
        String user = TestInfrastructure.uniqueUser("sync-old");
        put(TestInfrastructure.jwt(user, Map.of("name", "Old Name", "picture", "https://cdn.example.com/o.png")));
        this.emulator.resetCounters();

        Map<String, Object> body = put(TestInfrastructure.jwt(user, Map.of("name", "New Name")));

        assertThat(body).containsEntry("uid", user).containsEntry("name", "New Name").doesNotContainKey("avatar")
            .containsKey("updatedAt");
        assertThat(this.emulator.user(user)).hasValueSatisfying((updated) -> {
            assertThat(updated.name()).isEqualTo("New Name");
            assertThat(updated.avatar()).isNull();
        });
        assertThat(this.emulator.calls(Operation.UPDATE_USER)).isEqualTo(1);
        assertThat(this.emulator.calls(Operation.CREATE_USER)).isZero();
        awaitLog(output, "uid=" + user + " outcome=UPDATED status=200");
    }

    @Test
    void putWhenAnotherRequestCreatesTheUserFirstThenUpdatesIt() {
        // Our update sees no user (404), another request creates it, our create answers 400 ERR_UID_ALREADY_EXISTS:
        // the profile must still be synced.
        String user = TestInfrastructure.uniqueUser("sync-race");
        put(TestInfrastructure.jwt(user, Map.of("name", "First")));
        this.emulator.resetCounters();
        this.emulator.failNext(1, 404, "ERR_UID_NOT_FOUND");

        Map<String, Object> body = put(TestInfrastructure.jwt(user, Map.of("name", "Second")));

        assertThat(body).containsEntry("name", "Second");
        assertThat(this.emulator.user(user)).hasValueSatisfying((u) -> assertThat(u.name()).isEqualTo("Second"));
        assertThat(this.emulator.calls(Operation.UPDATE_USER)).isEqualTo(2);
        assertThat(this.emulator.calls(Operation.CREATE_USER)).isEqualTo(1);
    }

    @Test
    void getWhenUserExistsThenReturnsIt() {
        String user = TestInfrastructure.uniqueUser("read");
        put(TestInfrastructure.jwt(user, Map.of("name", "Reader")));

        Map<String, Object> body = send(HttpMethod.GET, TestInfrastructure.jwt(user)).expectStatus().isOk()
            .expectBody(JSON).returnResult().getResponseBody();

        assertThat(body).containsEntry("uid", user).containsEntry("name", "Reader").containsKeys("createdAt", "status")
            .doesNotContainKey("authToken");
    }

    @Test
    void getWhenUserMissingThen404UserNotFound(CapturedOutput output) {
        String user = TestInfrastructure.uniqueUser("ghost");

        send(HttpMethod.GET, TestInfrastructure.jwt(user)).expectStatus().isNotFound()
            .expectBody().jsonPath("$.error.code").isEqualTo("USER_NOT_FOUND")
            .jsonPath("$.error.message").value((String m) -> assertThat(m).contains("PUT"));

        assertThat(this.emulator.userExists(user)).isFalse();
        awaitLog(output, "event=cometchat.user.read route=cometchat-user app=" + TestInfrastructure.APP_ID + " uid="
                + user + " outcome=USER_NOT_FOUND status=404");
    }

    @Test
    void deleteErasesTheUserAndItsTokensAndIsIdempotent(CapturedOutput output) {
        String user = TestInfrastructure.uniqueUser("erase");
        String token = mintToken(user);
        assertThat(this.emulator.isTokenValid(user, token)).isTrue();
        this.emulator.resetCounters();

        send(HttpMethod.DELETE, TestInfrastructure.jwt(user)).expectStatus().isNoContent().expectBody().isEmpty();

        assertThat(this.emulator.userExists(user)).isFalse();
        assertThat(this.emulator.user(user)).as("permanently deleted, not deactivated").isEmpty();
        assertThat(this.emulator.isTokenValid(user, token)).isFalse();
        assertThat(this.emulator.calls(Operation.FLUSH_AUTH_TOKENS)).isEqualTo(1);
        assertThat(this.emulator.calls(Operation.DELETE_USER)).isEqualTo(1);
        awaitLog(output, "event=cometchat.user.delete route=cometchat-user app=" + TestInfrastructure.APP_ID + " uid="
                + user + " outcome=DELETED status=204");

        send(HttpMethod.DELETE, TestInfrastructure.jwt(user)).expectStatus().isNoContent();
        awaitLog(output, "uid=" + user + " outcome=ALREADY_ABSENT status=204");
        send(HttpMethod.GET, TestInfrastructure.jwt(user)).expectStatus().isNotFound();
    }

    @Test
    void deleteEvictsTheCachedTokenSoTheNextLoginGetsAWorkingOne() {
        String user = TestInfrastructure.uniqueUser("evict");
        String before = mintToken(user);

        send(HttpMethod.DELETE, TestInfrastructure.jwt(user)).expectStatus().isNoContent();
        String after = mintToken(user);

        assertThat(after).isNotEqualTo(before);
        assertThat(this.emulator.isTokenValid(user, after)).isTrue();
        assertThat(this.emulator.isTokenValid(user, before)).isFalse();
    }

    @Test
    void uidInBodyQueryAndHeadersIsIgnored() {
        String victim = TestInfrastructure.uniqueUser("victim");
        String mallory = TestInfrastructure.uniqueUser("mallory");
        put(TestInfrastructure.jwt(victim, Map.of("name", "Victim")));
        String victimToken = mintToken(victim);

        for (HttpMethod method : new HttpMethod[] { HttpMethod.PUT, HttpMethod.GET, HttpMethod.DELETE }) {
            this.client.method(method)
                .uri(ROUTE + "?uid=" + victim)
                .headers((h) -> {
                    h.setBearerAuth(TestInfrastructure.jwt(mallory, Map.of("name", "Hacked")));
                    h.set("X-Uid", victim);
                    h.set("uid", victim);
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"uid\":\"" + victim + "\",\"name\":\"Hacked\"}")
                .exchange()
                .expectStatus().is2xxSuccessful()
                .expectBody(String.class)
                .value((body) -> assertThat(body == null ? "" : body).doesNotContain(victim));
        }

        assertThat(this.emulator.user(victim)).hasValueSatisfying((u) -> assertThat(u.name()).isEqualTo("Victim"));
        assertThat(this.emulator.isTokenValid(victim, victimToken)).isTrue();
        assertThat(this.emulator.userExists(mallory)).as("mallory erased only herself").isFalse();
    }

    @Test
    void whenNoJwtThen401AndNoUpstreamCall() {
        for (HttpMethod method : new HttpMethod[] { HttpMethod.PUT, HttpMethod.GET, HttpMethod.DELETE }) {
            this.client.method(method).uri(ROUTE).exchange().expectStatus().isUnauthorized();
        }
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void postThen405WithAllowAndNoUpstreamCall(CapturedOutput output) {
        send(HttpMethod.POST, TestInfrastructure.jwt(TestInfrastructure.uniqueUser("post")))
            .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
            .expectHeader().value("Allow", (allow) -> assertThat(allow.split(",\\s*"))
                .containsExactly("GET", "PUT", "DELETE"))
            .expectBody().jsonPath("$.error.code").isEqualTo("METHOD_NOT_ALLOWED");

        assertThat(this.emulator.totalCalls()).isZero();
        awaitLog(output, "event=cometchat.user.rejected route=cometchat-user app=" + TestInfrastructure.APP_ID
                + " uid=- outcome=METHOD_NOT_ALLOWED status=405");
    }

    @Test
    void answersAndLogsNeverContainAToken(CapturedOutput output) {
        String user = TestInfrastructure.uniqueUser("notoken");
        String token = mintToken(user);
        String jwt = TestInfrastructure.jwt(user, Map.of("name", "No Token"));

        String synced = send(HttpMethod.PUT, jwt).expectStatus().isOk().expectBody(String.class).returnResult()
            .getResponseBody();
        String read = send(HttpMethod.GET, jwt).expectStatus().isOk().expectBody(String.class).returnResult()
            .getResponseBody();
        send(HttpMethod.DELETE, jwt).expectStatus().isNoContent();
        awaitLog(output, "uid=" + user + " outcome=DELETED");

        assertThat(synced).doesNotContain(token).doesNotContain("authToken");
        assertThat(read).doesNotContain(token).doesNotContain("authToken");
        assertThat(output).doesNotContain(token).doesNotContain(TestInfrastructure.REST_API_KEY);
    }

}
