package io.cometgate.emulator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The failure knobs: the ways the live API (or the network to it) lets a client down, on demand and countable.
 *
 * <p>Each knob is a count of upcoming {@code /v3} calls, consumed atomically when a call arrives, so "the next two
 * calls fail" holds even when those calls are concurrent. When several knobs are armed a call takes the first
 * pending one in this order: hang, then connection reset, then error answer. Latency is not a count: it applies to
 * every call until changed.
 */
final class FaultInjector {

    /** What to do with one arriving call. */
    enum Kind {
        /** Answer normally. */
        NONE,
        /** Never answer; the client's own timeout is what ends the exchange. */
        HANG,
        /** Close the TCP connection without any response. */
        RESET,
        /** Answer with the error envelope and the armed status and code. */
        FAIL
    }

    /** The decision for one call; {@code status} and {@code code} only matter for {@link Kind#FAIL}. */
    record Fault(Kind kind, int status, String code) {

        static final Fault NONE = new Fault(Kind.NONE, 0, null);

        static final Fault HANG = new Fault(Kind.HANG, 0, null);

        static final Fault RESET = new Fault(Kind.RESET, 0, null);
    }

    /** An armed {@code failNext}: its own counter, so re-arming replaces status, code and count together. */
    private record FailPlan(AtomicInteger remaining, int status, String code) {
    }

    /** A snapshot of the knobs, for the admin endpoint. */
    record Settings(Duration latency, int failRemaining, int failStatus, String failCode, int resetRemaining,
            int hangRemaining) {
    }

    private static final FailPlan NO_FAILURES = new FailPlan(new AtomicInteger(), 0, null);

    private final AtomicInteger hangRemaining = new AtomicInteger();

    private final AtomicInteger resetRemaining = new AtomicInteger();

    private final AtomicReference<FailPlan> failPlan = new AtomicReference<>(NO_FAILURES);

    private volatile Duration latency = Duration.ZERO;

    void failNext(int count, int status, String code) {
        requireNotNegative(count, "count");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status (100-599), was " + status);
        }
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("code must not be blank: clients decide on it");
        }
        this.failPlan.set(new FailPlan(new AtomicInteger(count), status, code));
    }

    void resetConnectionNext(int count) {
        requireNotNegative(count, "count");
        this.resetRemaining.set(count);
    }

    void hangNext(int count) {
        requireNotNegative(count, "count");
        this.hangRemaining.set(count);
    }

    void latency(Duration latency) {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive, was " + latency);
        }
        this.latency = latency;
    }

    Duration latency() {
        return this.latency;
    }

    /** Consumes and returns the fault for one arriving call. */
    Fault next() {
        if (takeOne(this.hangRemaining)) {
            return Fault.HANG;
        }
        if (takeOne(this.resetRemaining)) {
            return Fault.RESET;
        }
        FailPlan plan = this.failPlan.get();
        if (takeOne(plan.remaining())) {
            return new Fault(Kind.FAIL, plan.status(), plan.code());
        }
        return Fault.NONE;
    }

    Settings settings() {
        FailPlan plan = this.failPlan.get();
        return new Settings(this.latency, plan.remaining().get(), plan.status(), plan.code(),
                this.resetRemaining.get(), this.hangRemaining.get());
    }

    void reset() {
        this.hangRemaining.set(0);
        this.resetRemaining.set(0);
        this.failPlan.set(NO_FAILURES);
        this.latency = Duration.ZERO;
    }

    /** Lock-free "decrement if positive"; the common case (nothing armed) is a single volatile read. */
    private static boolean takeOne(AtomicInteger remaining) {
        if (remaining.get() <= 0) {
            return false;
        }
        return remaining.getAndUpdate(n -> (n > 0) ? n - 1 : 0) > 0;
    }

    private static void requireNotNegative(int count, String name) {
        if (count < 0) {
            throw new IllegalArgumentException(name + " must be zero or positive, was " + count);
        }
    }
}
