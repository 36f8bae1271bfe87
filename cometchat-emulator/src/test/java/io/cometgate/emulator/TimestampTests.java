package io.cometgate.emulator;

import java.time.Clock;
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
