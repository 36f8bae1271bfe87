package io.cometgate.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code createdAt}, {@code updatedAt} and the time inside tokens, on a clock the test moves.
 */
class TimestampTests {

    private static final long T0 = 1_694_667_681L;

    private final MovableClock clock = new MovableClock(Instant.ofEpochSecond(T0));

    private CometChatEmulator emulator;

    private ApiClient api;

    @BeforeEach
    void start() {
        this.emulator = CometChatEmulator.builder().clock(this.clock).build().start();
        this.api = new ApiClient(this.emulator);
    }

    @AfterEach
    void stop() {
        this.emulator.close();
    }

    @Test
    void updateUserWhenLaterThenUpdatedAtAdvancesAndCreatedAtStays() {
        this.api.post("/users", "{\"uid\":\"u1\",\"name\":\"One\"}");
        this.clock.now = Instant.ofEpochSecond(T0 + 75);

        ApiClient.Response updated = this.api.put("/users/u1", "{\"name\":\"Uno\"}");

        assertThat(updated.data().path("createdAt").asLong()).isEqualTo(T0);
        assertThat(updated.data().path("updatedAt").asLong()).isEqualTo(T0 + 75);
        assertThat(this.emulator.user("u1").orElseThrow().updatedAt()).isEqualTo(T0 + 75);
    }

    @Test
    void createAuthTokenWhenMintedThenTokenCarriesMintTime() {
        this.api.post("/users", "{\"uid\":\"u1\",\"name\":\"One\"}");
        this.clock.now = Instant.ofEpochSecond(T0 + 17);

        ApiClient.Response token = this.api.post("/users/u1/auth_tokens", "{}");

        assertThat(token.data().path("createdAt").asLong()).isEqualTo(T0 + 17);
        assertThat(token.data().path("authToken").asString()).startsWith("u1_" + (T0 + 17));
    }

    @Test
    void timestampOffsetWhenSetThenTokensMintedInThePastAndListedNewestFirst() {
        this.api.post("/users", "{\"uid\":\"u1\",\"name\":\"One\"}");
        this.emulator.timestampOffset(Duration.ofDays(-10));
        String tenDays = this.api.post("/users/u1/auth_tokens", "{}").data().path("authToken").asString();
        this.emulator.timestampOffset(Duration.ofDays(-1));
        String oneDay = this.api.post("/users/u1/auth_tokens", "{}").data().path("authToken").asString();
        this.emulator.timestampOffset(Duration.ofDays(-5));
        String fiveDays = this.api.post("/users/u1/auth_tokens", "{}").data().path("authToken").asString();
        this.emulator.timestampOffset(Duration.ZERO);
        String now = this.api.post("/users/u1/auth_tokens", "{}").data().path("authToken").asString();

        ApiClient.Response list = this.api.get("/users/u1/auth_tokens?perPage=3&page=1");
        ApiClient.Response rest = this.api.get("/users/u1/auth_tokens?perPage=3&page=2");

        assertThat(list.data().findValuesAsString("authToken")).containsExactly(now, oneDay, fiveDays);
        assertThat(list.data().findValues("createdAt").stream().map((node) -> node.asLong()).toList())
            .containsExactly(T0, T0 - 86_400, T0 - 5 * 86_400);
        assertThat(rest.data().findValuesAsString("authToken")).containsExactly(tenDays);
        assertThat(tenDays).startsWith("u1_" + (T0 - 10 * 86_400));
        assertThat(this.api.delete("/users/u1/auth_tokens/" + tenDays, null).status()).isEqualTo(200);
        assertThat(this.emulator.activeTokens("u1")).containsExactly(now, oneDay, fiveDays);
        assertThat(this.emulator.calls(Operation.DELETE_AUTH_TOKEN)).isEqualTo(1);
    }

    /** A clock a test sets by hand; read from the emulator's event-loop threads, hence volatile. */
    private static final class MovableClock extends Clock {

        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return this.now;
        }
    }
}
