package io.cometgate.gateway.e2e;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.http.HttpStatus;

import io.cometgate.emulator.Operation;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The token's life on one gateway: cached encrypted, refreshed on demand, revoked on logout. */
class TokenLifecycleEndToEndTests extends GatewayEndToEndTest {

    private String token(String path, String user) {
        return (String) this.client.post().uri(path).headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(user)))
            .exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody().get("authToken");
    }

    @Test
    void postWhenCachedThenSameTokenAndNoUpstreamCall() {
        String user = TestInfrastructure.uniqueUser("cache");
        String first = token("/cometchat-token", user);
        this.emulator.resetCounters();

        String second = token("/cometchat-token", user);

        assertThat(second).isEqualTo(first);
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void requestsAndUpstreamCallsAreMeteredByOutcome(@Autowired MeterRegistry meters) {
        // The registry is shared with the other tests of this context: measure what these two requests add.
        String user = TestInfrastructure.uniqueUser("metered");
        double cachedBefore = requestCount(meters, "CACHED");
        double provisionedBefore = requestCount(meters, "PROVISIONED");
        double upstreamBefore = upstreamMintCalls(meters);
        token("/cometchat-token", user);
        token("/cometchat-token", user);

        // A new user: the mint is refused (no such user), then the user is created with its token: two calls.
        // The second request is a cache hit: no call.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(requestCount(meters, "CACHED")).isEqualTo(cachedBefore + 1);
            assertThat(requestCount(meters, "PROVISIONED")).isEqualTo(provisionedBefore + 1);
            assertThat(upstreamMintCalls(meters)).isEqualTo(upstreamBefore + 2);
        });
    }

    private static double requestCount(MeterRegistry meters, String outcome) {
        Timer timer = meters.find("cometgate.requests").tag("route", "cometchat-token").tag("outcome", outcome).timer();
        return (timer != null) ? timer.count() : 0;
    }

    private static double upstreamMintCalls(MeterRegistry meters) {
        Counter counter = meters.find("cometgate.upstream.calls").tag("route", "cometchat-token")
            .tag("event", "cometchat.token.mint").counter();
        return (counter != null) ? counter.count() : 0;
    }

    @Test
    void cachedValueInRedisIsEncryptedAndExpires() {
        String user = TestInfrastructure.uniqueUser("enc");
        String token = token("/cometchat-token", user);

        RedisClient redis = RedisClient.create(RedisTestServer.shared().url());
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            String key = "cometgate:tok:" + TestInfrastructure.APP_ID + ":" + user;
            String raw = connection.sync().get(key);
            assertThat(raw).isNotNull().startsWith("v1.").doesNotContain(token)
                .doesNotContain(token.substring(user.length() + 1, user.length() + 21));
            assertThat(connection.sync().pttl(key)).isPositive().isLessThanOrEqualTo(Duration.ofHours(24).toMillis());
        }
        finally {
            redis.shutdown();
        }
    }

    @Test
    void postWhenCachedValueCannotBeDecryptedThenItIsAMissNotAnError() {
        String user = TestInfrastructure.uniqueUser("garbled");
        String first = token("/cometchat-token", user);
        RedisClient redis = RedisClient.create(RedisTestServer.shared().url());
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            connection.sync().set("cometgate:tok:" + TestInfrastructure.APP_ID + ":" + user, "v1.deadbeef.garbage");
        }
        finally {
            redis.shutdown();
        }
        // Written behind the gateway's back: make it read Redis again rather than its own copy.
        forgetNearCachedTokens();
        this.emulator.resetCounters();

        String second = token("/cometchat-token", user);

        assertThat(second).isNotEqualTo(first);
        assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(1);
    }

    @Test
    void postWhenFreshRequestedThenNewForcedTokenReplacesTheCachedOne() {
        String user = TestInfrastructure.uniqueUser("fresh");
        String first = token("/cometchat-token", user);

        String fresh = token("/cometchat-token?fresh=true", user);
        this.emulator.resetCounters();
        String afterwards = token("/cometchat-token", user);

        assertThat(fresh).isNotEqualTo(first);
        assertThat(afterwards).isEqualTo(fresh);
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void postWhenFreshRequestedThenItCountsAgainstThePerUserLimit() {
        String user = TestInfrastructure.uniqueUser("freshlimit");
        for (int i = 0; i < 3; i++) {
            token("/limited/cometchat-token?fresh=true", user);
        }
        this.client.post().uri("/limited/cometchat-token?fresh=true")
            .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(user)))
            .exchange().expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void deleteWhenLoggedInThenTokenRevokedAtCometChatAndEvicted() {
        String user = TestInfrastructure.uniqueUser("logout");
        String token = token("/cometchat-token", user);
        String otherDevice = token("/cometchat-token?fresh=true", user);
        assertThat(this.emulator.isTokenValid(user, otherDevice)).isTrue();

        this.client.delete().uri("/cometchat-token").headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(user)))
            .exchange().expectStatus().isNoContent().expectBody().isEmpty();

        // The cached token (the fresh one replaced the first) is revoked; the first stays (cached-token scope).
        assertThat(this.emulator.isTokenValid(user, otherDevice)).isFalse();
        assertThat(this.emulator.isTokenValid(user, token)).isTrue();
        String next = token("/cometchat-token", user);
        assertThat(next).isNotEqualTo(otherDevice).isNotEqualTo(token);
    }

    @Test
    void deleteWhenNothingCachedThenEveryTokenOfTheUserIsRevoked() {
        String user = TestInfrastructure.uniqueUser("logoutall");
        String token = token("/cometchat-token", user);
        forgetCachedTokens();

        this.client.delete().uri("/cometchat-token").headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(user)))
            .exchange().expectStatus().isNoContent();

        assertThat(this.emulator.isTokenValid(user, token)).isFalse();
        assertThat(this.emulator.activeTokens(user)).isEmpty();
    }

    @Test
    void deleteWhenUserUnknownAtCometChatThenStill204() {
        this.client.delete().uri("/cometchat-token")
            .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(TestInfrastructure.uniqueUser("ghost"))))
            .exchange().expectStatus().isNoContent();
    }

    @Test
    void deleteWithoutJwtThen401() {
        this.client.delete().uri("/cometchat-token").exchange().expectStatus().isUnauthorized();
        assertThat(this.emulator.totalCalls()).isZero();
    }

}
