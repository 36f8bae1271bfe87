package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cometgate.emulator.Operation;
import io.cometgate.gateway.internal.support.EmulatorUsers;
import io.cometgate.gateway.uid.CometChatUidMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The token route end to end: a real gateway on a real port, real JWTs from a real issuer validated by Spring
 * Security, and real HTTP to the CometChat emulator. Nothing is mocked.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenRouteEndToEndTests extends GatewayEndToEndTest {

    private static final String TOKEN_FORMAT = "[a-z0-9_-]+_\\d{10}[0-9a-f]{30}";

    @BeforeEach
    void forgetWhatEarlierTestsCached() {
        // Fixed subjects below: forget what earlier tests cached for them.
        forgetCachedTokens();
    }

    private WebTestClient.ResponseSpec postToken(String path, String jwt) {
        return this.client.post().uri(path).headers((h) -> h.setBearerAuth(jwt)).exchange();
    }

    @Test
    void postWhenUserExistsThenMintsTokenWithOneUpstreamCall() {
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, "alice");
        this.emulator.resetCounters();

        Map<String, Object> body = postToken("/cometchat-token", TestInfrastructure.jwt("alice"))
            .expectStatus().isOk()
            .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
            .expectHeader().valueEquals(HttpHeaders.PRAGMA, "no-cache")
            .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody(JSON).returnResult().getResponseBody();

        assertThat(body).containsEntry("uid", "alice").containsEntry("appId", TestInfrastructure.APP_ID)
            .containsEntry("region", "eu");
        String token = (String) body.get("authToken");
        assertThat(token).matches(TOKEN_FORMAT).startsWith("alice_");
        assertThat(this.emulator.isTokenValid("alice", token)).isTrue();
        assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(1);
        assertThat(this.emulator.calls(Operation.CREATE_USER)).isZero();
    }

    @Test
    void postWhenFirstLoginThenProvisionsUserWithProfileFromClaims(CapturedOutput output) {
        String jwt = TestInfrastructure.jwt("bob", Map.of("name", "Bob Builder", "picture",
                "https://cdn.example.com/bob.png", "email", "bob@example.com"));

        Map<String, Object> body = postToken("/cometchat-token", jwt).expectStatus().isOk()
            .expectBody(JSON).returnResult().getResponseBody();

        assertThat(body).containsEntry("uid", "bob");
        assertThat(this.emulator.isTokenValid("bob", (String) body.get("authToken"))).isTrue();
        assertThat(this.emulator.user("bob")).hasValueSatisfying((user) -> {
            assertThat(user.name()).isEqualTo("Bob Builder");
            assertThat(user.avatar()).isEqualTo("https://cdn.example.com/bob.png");
        });
        // Mint (404), then create with withAuthToken: two calls, the token came back with the user.
        assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(1);
        assertThat(this.emulator.calls(Operation.CREATE_USER)).isEqualTo(1);
        // The audit line is written once the answer is sent: wait for it.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output)
            .contains("event=cometchat.token.mint").contains("uid=bob").contains("outcome=PROVISIONED")
            .contains("upstreamCalls=2"));
    }

    @Test
    void postWhenProvisioningRaceLostThenMintsForTheUserTheOtherRequestCreated() {
        // Another replica creates "carol" between our mint (404) and our create: the create answers
        // 400 ERR_UID_ALREADY_EXISTS, and the filter must mint rather than fail.
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, "carol");
        this.emulator.resetCounters();
        this.emulator.failNext(1, 404, "ERR_UID_NOT_FOUND");

        Map<String, Object> body = postToken("/cometchat-token", TestInfrastructure.jwt("carol")).expectStatus().isOk()
            .expectBody(JSON).returnResult().getResponseBody();

        assertThat(this.emulator.isTokenValid("carol", (String) body.get("authToken"))).isTrue();
        assertThat(this.emulator.calls(Operation.CREATE_USER)).isEqualTo(1);
        assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(2);
    }

    @Test
    void postWhenConcurrentFirstLoginsThenOneUserOneMintAndEveryoneTheSameToken() {
        String jwt = TestInfrastructure.jwt("dave");
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        Flux.range(0, 12)
            .flatMap((i) -> org.springframework.web.reactive.function.client.WebClient.create("http://localhost:" + this.port)
                .post().uri("/cometchat-token").headers((h) -> h.setBearerAuth(jwt))
                .retrieve().bodyToMono(Map.class), 12)
            .doOnNext((body) -> tokens.add((String) body.get("authToken")))
            .then()
            .block(Duration.ofSeconds(30));

        assertThat(tokens).hasSize(1).allSatisfy((t) -> assertThat(this.emulator.isTokenValid("dave", t)).isTrue());
        assertThat(this.emulator.userExists("dave")).isTrue();
        assertThat(this.emulator.calls(Operation.CREATE_USER)).isEqualTo(1);
    }

    @Test
    void postIgnoresUidInBodyQueryAndHeaders() {
        EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, "victim");
        Map<String, Object> body = this.client.post()
            .uri("/cometchat-token?uid=victim")
            .headers((h) -> {
                h.setBearerAuth(TestInfrastructure.jwt("mallory"));
                h.set("X-Uid", "victim");
                h.set("uid", "victim");
            })
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"uid\":\"victim\"}")
            .exchange()
            .expectStatus().isOk()
            .expectBody(JSON).returnResult().getResponseBody();

        assertThat(body).containsEntry("uid", "mallory");
        assertThat((String) body.get("authToken")).startsWith("mallory_");
        assertThat(this.emulator.activeTokens("victim")).isEmpty();
    }

    @Test
    void postWhenNoJwtThen401() {
        this.client.post().uri("/cometchat-token").exchange().expectStatus().isUnauthorized();
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void postWhenJwtExpiredThen401() {
        postToken("/cometchat-token", TestInfrastructure.expiredJwt("alice")).expectStatus().isUnauthorized();
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void postWhenJwtSignedByAnotherKeyThen401() throws Exception {
        RSAKey foreignKey = new RSAKeyGenerator(2048).keyID("forged").generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice")
            .issuer(TestInfrastructure.issuer().issuerUrl(TestInfrastructure.ISSUER_ID).toString())
            .audience("cometgate")
            .expirationTime(new java.util.Date(System.currentTimeMillis() + 3_600_000))
            .issueTime(new java.util.Date())
            .build();
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("forged").type(JOSEObjectType.JWT).build(), claims);
        forged.sign(new RSASSASigner(foreignKey));

        postToken("/cometchat-token", forged.serialize()).expectStatus().isUnauthorized();
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void postWhenRouteSecurityForgottenThenFilterItselfAnswers401() {
        this.client.post().uri("/open/cometchat-token").exchange()
            .expectStatus().isUnauthorized()
            .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
            .expectBody().jsonPath("$.error.code").isEqualTo("UNAUTHENTICATED");
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void postWhenConfiguredClaimMissingThen403NamingTheClaim() {
        postToken("/by-email/cometchat-token", TestInfrastructure.jwt("alice"))
            .expectStatus().isForbidden()
            .expectBody()
            .jsonPath("$.error.code").isEqualTo("UID_CLAIM_MISSING")
            .jsonPath("$.error.message").value((String m) -> assertThat(m).contains("'email'"));
    }

    @Test
    void postWhenRouteUsesEmailClaimAndPrefixThenMappedUidAndNoAppInfo() {
        Map<String, Object> body = postToken("/by-email/cometchat-token",
                TestInfrastructure.jwt("alice", Map.of("email", "Alice@Example.com")))
            .expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();

        String expected = new CometChatUidMapper("mail").toUid("Alice@Example.com");
        assertThat(expected).startsWith("mail____alice-example-com_");
        assertThat(body).containsEntry("uid", expected).doesNotContainKeys("appId", "region");
        assertThat(this.emulator.userExists(expected)).isTrue();
    }

    @Test
    void postWhenSubjectsNeedMappingThenDistinctValidUsers() {
        for (String subject : List.of("auth0|65f1a2b3", "AbC", "abC", "abc", "ユーザー", "x".repeat(150))) {
            String expected = new CometChatUidMapper("").toUid(subject);
            postToken("/cometchat-token", TestInfrastructure.jwt(subject)).expectStatus().isOk()
                .expectBody().jsonPath("$.uid").isEqualTo(expected);
            assertThat(this.emulator.userExists(expected)).as(subject).isTrue();
        }
        assertThat(this.emulator.calls(Operation.CREATE_USER)).isEqualTo(6);
    }

    @Test
    void getWhenTokenRouteThen405WithAllow() {
        this.client.get().uri("/cometchat-token").headers((h) -> h.setBearerAuth(TestInfrastructure.jwt("alice")))
            .exchange()
            .expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
            .expectHeader().value(HttpHeaders.ALLOW, (allow) -> assertThat(allow).contains("POST").contains("DELETE"))
            .expectBody().jsonPath("$.error.code").isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void postWhenCometChatRejectsKeyThen502AndAnErrorLogNamingThePropertyButNotTheKey(CapturedOutput output) {
        this.emulator.failNext(1, 401, "AUTH_ERR_APIKEY_NOT_FOUND");

        String body = postToken("/cometchat-token", TestInfrastructure.jwt("alice"))
            .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
            .expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).contains("COMETCHAT_API_KEY_REJECTED").doesNotContain(TestInfrastructure.REST_API_KEY);
        assertThat(output).contains("cometchat.rest-api-key").contains("*****only").doesNotContain("test-*****")
            .doesNotContain(TestInfrastructure.REST_API_KEY);
    }

    @Test
    void postWhenCometChatRateLimitedThen503WithRetryAfter() {
        this.emulator.failNext(1, 429, "ERR_TOO_MANY_REQUESTS");

        // On the second app's route: the 429 pauses calls to that app for 15 s, and only to that app.
        postToken("/second-app/cometchat-token", TestInfrastructure.jwt("alice"))
            .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
            .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "15")
            .expectBody().jsonPath("$.error.code").isEqualTo("COMETCHAT_RATE_LIMITED");
    }

    @Test
    void postWhenCometChatFailsThen502() {
        // Three failures: every attempt of the retries (the default is three).
        this.emulator.failNext(3, 500, "ERR_INTERNAL");
        postToken("/cometchat-token", TestInfrastructure.jwt("alice"))
            .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
            .expectBody().jsonPath("$.error.code").isEqualTo("COMETCHAT_UNAVAILABLE");
    }

    @Test
    void postWhenCometChatResetsConnectionThen502() {
        this.emulator.resetConnectionNext(3);
        postToken("/cometchat-token", TestInfrastructure.jwt("alice"))
            .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
            .expectBody().jsonPath("$.error.code").isEqualTo("COMETCHAT_UNAVAILABLE");
    }

    @Test
    void postWhenCometChatDoesNotAnswerThen504() {
        this.emulator.hangNext(1);
        postToken("/cometchat-token", TestInfrastructure.jwt("alice"))
            .expectStatus().isEqualTo(HttpStatus.GATEWAY_TIMEOUT)
            .expectBody().jsonPath("$.error.code").isEqualTo("COMETCHAT_TIMEOUT");
    }

    @Test
    void tokensAndKeyNeverAppearInLogs(CapturedOutput output) {
        String token = (String) postToken("/cometchat-token", TestInfrastructure.jwt("erin")).expectStatus().isOk()
            .expectBody(JSON).returnResult().getResponseBody().get("authToken");
        this.emulator.failNext(1, 401, "AUTH_ERR_APIKEY_NOT_FOUND");
        // Fresh: past the cache, so that the call reaches CometChat and fails there.
        postToken("/cometchat-token?fresh=true", TestInfrastructure.jwt("erin"))
            .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY);

        await().atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(output).contains("outcome=COMETCHAT_API_KEY_REJECTED"));
        assertThat(output).contains("event=cometchat.token.mint")
            .doesNotContain(token)
            .doesNotContain(TestInfrastructure.REST_API_KEY);
    }

}
