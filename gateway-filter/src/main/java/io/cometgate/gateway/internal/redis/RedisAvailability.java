package io.cometgate.gateway.internal.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisCommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.Assert;

/**
 * Whether this replica's Redis is known to be down, shared by everything that uses it (the rate limiter, the token
 * cache, the mint lock, the pauses): after a failure, Redis is left alone for {@code retryInterval} so that a dead or
 * hung Redis costs requests no wait at all; the first call after that tries it again.
 * <p>
 * An outage is logged once: one WARN when it starts, one INFO when it ends. It ends only once Redis has answered
 * without a failure for {@code recoveryPeriod}: a Redis that flaps (answers, then times out again) is one outage, not
 * one WARN per flap.
 */
public final class RedisAvailability {

    private static final Logger logger = LoggerFactory.getLogger(RedisAvailability.class);

    private final Duration retryInterval;

    private final Duration recoveryPeriod;

    private final Duration probeTimeout;

    private final Clock clock;

    private final AtomicLong downUntilMillis = new AtomicLong();

    private final AtomicLong lastFailureMillis = new AtomicLong();

    private final AtomicLong outageStartMillis = new AtomicLong();

    private final AtomicBoolean inOutage = new AtomicBoolean();

    private final AtomicLong outages = new AtomicLong();

    /**
     * @param retryInterval how long to leave Redis alone after a failure
     * @param recoveryPeriod how long Redis must answer without a failure before an outage counts as over
     * @param clock the clock
     */
    public RedisAvailability(Duration retryInterval, Duration recoveryPeriod, Clock clock) {
        this(retryInterval, recoveryPeriod, Duration.ZERO, clock);
    }

    /**
     * @param retryInterval how long to leave Redis alone after a failure
     * @param recoveryPeriod how long Redis must answer without a failure before an outage counts as over
     * @param probeTimeout the longest a probe takes (its command bound): no second probe starts before it is over
     * @param clock the clock
     */
    public RedisAvailability(Duration retryInterval, Duration recoveryPeriod, Duration probeTimeout, Clock clock) {
        Assert.isTrue(retryInterval != null && !retryInterval.isNegative(), "retryInterval must not be negative");
        Assert.isTrue(recoveryPeriod != null && !recoveryPeriod.isNegative(), "recoveryPeriod must not be negative");
        Assert.isTrue(probeTimeout != null && !probeTimeout.isNegative(), "probeTimeout must not be negative");
        Assert.notNull(clock, "clock cannot be null");
        this.retryInterval = retryInterval;
        this.recoveryPeriod = recoveryPeriod;
        this.probeTimeout = probeTimeout;
        this.clock = clock;
    }

    /**
     * Whether a caller may use Redis now. No while Redis failed less than the retry interval ago: callers then decide
     * without it, at once. When the interval is over, one caller gets to try (a probe) and the others keep deciding
     * without Redis until the probe has answered, so that a Redis still hung costs one request a wait, not all.
     */
    public boolean mayCall() {
        long until = this.downUntilMillis.get();
        if (until == 0) {
            return true;
        }
        long now = this.clock.millis();
        // The others wait for the probe's outcome; a probe that never reports (cancelled) frees the next one anyway.
        long window = Math.max(this.retryInterval.toMillis(), this.probeTimeout.toMillis() + 1);
        return now >= until && this.downUntilMillis.compareAndSet(until, now + window);
    }

    /** How long to leave Redis alone after a failure; also the {@code Retry-After} of a fail-closed refusal. */
    public Duration retryInterval() {
        return this.retryInterval;
    }

    /** Outages since start (each logged once). */
    public long outages() {
        return this.outages.get();
    }

    /** Whether an outage has started and not yet ended (Redis may already answer again, but not for long enough). */
    public boolean inOutage() {
        return this.inOutage.get();
    }

    /**
     * Records a failed Redis call; Redis is then known down for the retry interval.
     * @param cause the failure
     */
    public void failed(Throwable cause) {
        long now = this.clock.millis();
        this.lastFailureMillis.set(now);
        this.downUntilMillis.set(now + this.retryInterval.toMillis());
        if (this.inOutage.compareAndSet(false, true)) {
            this.outageStartMillis.set(now);
            this.outages.incrementAndGet();
            logger.warn("Redis is unreachable ({}): the token cache and the mint lock are skipped, and limits are "
                    + "enforced per replica (fail-open) or requests refused (fail-closed); retrying every {} ms",
                    cause.getClass().getSimpleName(), this.retryInterval.toMillis());
        }
    }

    /** Records a Redis answer; ends the outage once Redis has answered for the recovery period without a failure. */
    public void answered() {
        if (this.downUntilMillis.get() != 0) {
            this.downUntilMillis.set(0);
        }
        if (!this.inOutage.get()) {
            return;
        }
        long now = this.clock.millis();
        if (now - this.lastFailureMillis.get() >= this.recoveryPeriod.toMillis() && this.inOutage.compareAndSet(true, false)) {
            logger.info("Redis is reachable again after {} ms: tokens and limits are shared across replicas again",
                    now - this.outageStartMillis.get());
        }
    }

    /**
     * Records the outcome of a failed Redis call: an availability failure marks Redis down; a refusal of one command
     * (Redis answered) counts as an answer. A call skipped because Redis is known down changes nothing.
     * @param failure the call's failure
     */
    public void record(Throwable failure) {
        if (failure instanceof RedisKnownDownException) {
            return;
        }
        if (isUnavailability(failure)) {
            failed(failure);
        }
        else {
            answered();
        }
    }

    /**
     * Whether a failure says Redis is unavailable (unreachable, refusing commands while disconnected, too slow)
     * rather than that it refused this one command (a script error, a wrong type): only the former marks it down.
     * @param failure the failure of a Redis call
     * @return whether it is an availability failure
     */
    public static boolean isUnavailability(Throwable failure) {
        return !(failure instanceof RedisCommandExecutionException);
    }

}
