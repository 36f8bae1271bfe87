package io.cometgate.gateway.internal.redis;

import java.time.Duration;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import io.cometgate.gateway.internal.support.MutableClock;

/** The shared "Redis is down" state: when callers may use Redis, and what counts as one outage. */
class RedisAvailabilityTests {

    private final MutableClock clock = new MutableClock();

    private final RedisAvailability availability = new RedisAvailability(Duration.ofSeconds(2), Duration.ofSeconds(10),
            this.clock);

    @Test
    void mayCallWhenNeverFailedThenYes() {
        assertThat(this.availability.mayCall()).isTrue();
        assertThat(this.availability.outages()).isZero();
    }

    @Test
    void mayCallWhenFailedWithinTheRetryIntervalThenNo() {
        this.availability.failed(new RedisCommandTimeoutException("timed out"));
        this.clock.advance(Duration.ofMillis(1999));
        assertThat(this.availability.mayCall()).isFalse();
    }

    @Test
    void mayCallWhenTheRetryIntervalIsOverThenOneProbeOnly() {
        this.availability.failed(new RedisCommandTimeoutException("timed out"));
        this.clock.advance(Duration.ofSeconds(2));
        assertThat(this.availability.mayCall()).as("the probe").isTrue();
        assertThat(this.availability.mayCall()).as("others while the probe runs").isFalse();
        this.availability.answered();
        assertThat(this.availability.mayCall()).as("after the probe's answer").isTrue();
    }

    @Test
    void mayCallWhenAProbeOutlastsTheRetryIntervalThenNoSecondProbeUntilItsTimeout() {
        RedisAvailability slowProbes = new RedisAvailability(Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(5), this.clock);
        slowProbes.failed(new RedisCommandTimeoutException("timed out"));
        this.clock.advance(Duration.ofSeconds(2));
        assertThat(slowProbes.mayCall()).as("the probe").isTrue();
        this.clock.advance(Duration.ofSeconds(4));
        assertThat(slowProbes.mayCall()).as("while the probe may still be waiting").isFalse();
        this.clock.advance(Duration.ofSeconds(2));
        assertThat(slowProbes.mayCall()).as("a probe that never reported").isTrue();
    }

    @Test
    void failedWhenRedisFlapsWithinAnOutageThenOneOutageOnly() {
        for (int flap = 0; flap < 15; flap++) {
            this.availability.failed(new RedisCommandTimeoutException("paused"));
            this.clock.advance(Duration.ofSeconds(3));
            assertThat(this.availability.mayCall()).isTrue();
            this.availability.answered();
            this.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(this.availability.outages()).isEqualTo(1);
        assertThat(this.availability.inOutage()).isTrue();
    }

    @Test
    void answeredWhenRedisStayedUpForTheRecoveryPeriodThenTheOutageEndsAndTheNextFailureIsANewOne() {
        this.availability.failed(new RedisCommandTimeoutException("down"));
        this.clock.advance(Duration.ofSeconds(10));
        this.availability.answered();
        assertThat(this.availability.inOutage()).isFalse();
        this.availability.failed(new RedisCommandTimeoutException("down again"));
        assertThat(this.availability.outages()).isEqualTo(2);
    }

    @Test
    void recordWhenRedisRefusedOneCommandThenItIsNotDown() {
        this.availability.record(new RedisCommandExecutionException("WRONGTYPE"));
        assertThat(this.availability.mayCall()).isTrue();
        assertThat(this.availability.outages()).isZero();
    }

    @Test
    void recordWhenTheCallWasSkippedThenNothingChanges() {
        this.availability.failed(new RedisCommandTimeoutException("down"));
        this.clock.advance(Duration.ofSeconds(2));
        this.availability.record(new RedisKnownDownException());
        assertThat(this.availability.mayCall()).as("the skip did not extend the interval").isTrue();
    }

    /** A clock the test moves by hand. */

}
