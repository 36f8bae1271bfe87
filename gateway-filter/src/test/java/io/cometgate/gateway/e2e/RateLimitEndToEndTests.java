package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cometgate.gateway.internal.ratelimit.RateLimitHeaders;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-user limit on one gateway, with a real Redis: headers, the 429, and what it leaves in Redis. */
class RateLimitEndToEndTests extends GatewayEndToEndTest {

    private WebTestClient.ResponseSpec post(String jwt) {
        return this.client.post().uri("/limited/cometchat-token").headers((h) -> h.setBearerAuth(jwt)).exchange();
    }

    @Test
    void postWhenWithinLimitThenAllowedWithRateLimitHeaders() {
        String jwt = TestInfrastructure.jwt(uniqueUser());
        for (int left = 2; left >= 0; left--) {
            int remaining = left;
            post(jwt).expectStatus().isOk()
                .expectHeader().valueEquals(RateLimitHeaders.RATE_LIMIT_POLICY,
                        "\"per-user-3600s\";q=3;w=3600, \"per-user-86400s\";q=100;w=86400")
                .expectHeader().valueEquals(RateLimitHeaders.X_RATE_LIMIT_REMAINING, Integer.toString(remaining))
                .expectHeader().value(RateLimitHeaders.RATE_LIMIT,
                        (value) -> assertThat(value).startsWith("\"per-user-3600s\";r=")
                            .contains("\"per-user-86400s\";r=" + (97 + remaining)))
                .expectHeader().doesNotExist(HttpHeaders.RETRY_AFTER);
        }
    }

    @Test
    void postWhenLimitSpentThen429WithRetryAfterAndNoUpstreamCall() {
        String jwt = TestInfrastructure.jwt(uniqueUser());
        for (int i = 0; i < 3; i++) {
            post(jwt).expectStatus().isOk();
        }
        this.emulator.resetCounters();

        post(jwt).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
            .expectHeader().value(HttpHeaders.RETRY_AFTER,
                    // 3 an hour refill one every 1,200 s; rounded up, never early.
                    (value) -> assertThat(Long.parseLong(value)).isBetween(1100L, 1200L))
            .expectHeader().valueEquals(RateLimitHeaders.X_RATE_LIMIT_REMAINING, "0")
            .expectHeader().value(RateLimitHeaders.RATE_LIMIT,
                    (value) -> assertThat(value).matches("\"per-user-3600s\";r=0;t=\\d+, \"per-user-86400s\";r=97;t=\\d+"))
            .expectBody().jsonPath("$.error.code").isEqualTo("RATE_LIMITED");
        assertThat(this.emulator.totalCalls()).isZero();
    }

    @Test
    void postWhenOneUserIsLimitedThenOthersAreNot() {
        String abuser = TestInfrastructure.jwt(uniqueUser());
        for (int i = 0; i < 5; i++) {
            post(abuser);
        }
        post(abuser).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        post(TestInfrastructure.jwt(uniqueUser())).expectStatus().isOk();
    }

    @Test
    void limitsAreKeptInRedisUnderThePrefixAndExpire() {
        String user = uniqueUser();
        post(TestInfrastructure.jwt(user)).expectStatus().isOk();

        RedisClient redis = RedisClient.create(RedisTestServer.shared().url());
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            List<String> keys = connection.sync().keys("cometgate:rl:" + TestInfrastructure.APP_ID + ":user:*:" + user);
            assertThat(keys).hasSize(1);
            // Expires once refilled (a day for the daily limit) plus a margin: never kept forever.
            assertThat(connection.sync().pttl(keys.get(0))).isPositive().isLessThanOrEqualTo(Duration.ofDays(1).plusMinutes(1).toMillis());
            assertThat(connection.sync().keys("cometgate:rl:" + TestInfrastructure.APP_ID + ":upstream:*")).hasSize(1);
        }
        finally {
            redis.shutdown();
        }
    }

    private static String uniqueUser() {
        return "rl-" + UUID.randomUUID().toString().substring(0, 8);
    }

}
