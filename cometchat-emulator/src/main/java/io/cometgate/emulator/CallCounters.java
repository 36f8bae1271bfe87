package io.cometgate.emulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many {@code /v3} calls arrived, per operation and in total.
 *
 * <p>A call is counted when it arrives, before faults, rate limit and key check, because tests use the counts to
 * prove what a client sent (for example "one token mint for a hundred concurrent logins"), whatever the answer was.
 * The total also includes calls to unknown routes. {@link LongAdder}s keep counting cheap under load.
 */
final class CallCounters {

    private final Map<Operation, LongAdder> perOperation = new EnumMap<>(Operation.class);

    private final LongAdder total = new LongAdder();

    CallCounters() {
        for (Operation operation : Operation.values()) {
            this.perOperation.put(operation, new LongAdder());
        }
    }

    /** Records one arriving call; {@code operation} is {@code null} for a route the emulator does not know. */
    void record(Operation operation) {
        this.total.increment();
        if (operation != null) {
            this.perOperation.get(operation).increment();
        }
    }

    long calls(Operation operation) {
        return this.perOperation.get(operation).sum();
    }

    long total() {
        return this.total.sum();
    }

    void reset() {
        this.perOperation.values().forEach(LongAdder::reset);
        this.total.reset();
    }
}
