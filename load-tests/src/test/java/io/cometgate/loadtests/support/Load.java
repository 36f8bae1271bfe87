package io.cometgate.loadtests.support;

import java.time.Duration;

/**
 * How hard a run pushes, from system properties, with each simulation's own defaults:
 * {@code users} (virtual users), {@code duration} (seconds of load), {@code rate} (requests per second, all users of a
 * scenario together) and {@code ramp} (seconds over which the users arrive).
 */
public record Load(int users, Duration duration, double rate, Duration ramp) {

    public static Load fromSystemProperties(int users, int durationSeconds, double rate, int rampSeconds) {
        return new Load(Settings.positiveInt("users", users), Settings.seconds("duration", durationSeconds),
                Settings.positiveDouble("rate", rate), Settings.seconds("ramp", rampSeconds));
    }

    /**
     * Users arriving evenly over a time, each sending one request: {@code users} over {@code duration} seconds; the
     * rate follows from them.
     */
    public static Load arrivalsFromSystemProperties(int users, int durationSeconds) {
        int arrivals = Settings.positiveInt("users", users);
        Duration duration = Settings.seconds("duration", durationSeconds);
        return new Load(arrivals, duration, (double) arrivals / duration.toSeconds(), duration);
    }

    /** The time between two requests of one virtual user, so that the users together send {@link #rate()}. */
    public Duration pace() {
        return Duration.ofNanos(Math.round(this.users / this.rate * 1_000_000_000L));
    }

    @Override
    public String toString() {
        return String.format("%d users, %s requests/s for %d s (ramp %d s): one request per user every %.1f s",
                this.users, this.rate, this.duration.toSeconds(), this.ramp.toSeconds(), pace().toMillis() / 1000.0);
    }

}
