package io.cometgate.gateway.internal.cache;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which of a replica's own heartbeats Redis took and the replica's subscription has not delivered yet: the oldest
 * one only, and when it was taken. Heartbeats are numbered upwards in the order they are published; a subscription
 * delivers one publisher's messages in that order, so hearing heartbeat {@code n} accounts for every heartbeat up
 * to {@code n}.
 * <p>
 * WHY a ledger and numbers: Redis delivers a message to the subscribers before (or while) it answers the
 * {@code PUBLISH}, and the two connections are read on different threads, so a heartbeat is often heard before its
 * publisher learns that Redis took it. Recording it as unheard then would leave a heartbeat already heard as the
 * oldest unheard one, and silence would be declared an interval early. So {@link #taken} never records a heartbeat
 * already heard, even when {@link #heard} runs at the same time.
 * <p>
 * Memory stays bounded: one heard mark and one unheard record. The price: a heartbeat taken while an older one is
 * still unheard is not remembered, so when the older one is heard, nothing is unheard until the next heartbeat is
 * taken. That errs on the side of declaring silence later (by an interval at most), never sooner.
 * <p>
 * Thread-safe: {@link #taken} runs on the publishing connection's thread, {@link #heard} on the subscription's.
 */
final class HeartbeatLedger {

    // The highest heartbeat heard; 0 when none (heartbeats are numbered from 1).
    private final AtomicLong heard = new AtomicLong();

    // The oldest heartbeat taken and not heard; null when none.
    private final AtomicReference<Unheard> oldestUnheard = new AtomicReference<>();

    /**
     * Redis took a heartbeat (its {@code PUBLISH} was answered).
     * @param heartbeat the heartbeat's number
     * @param nowNanos when, by {@link System#nanoTime()}
     */
    void taken(long heartbeat, long nowNanos) {
        if (heartbeat <= this.heard.get()) {
            return;
        }
        Unheard unheard = new Unheard(heartbeat, nowNanos);
        if (!this.oldestUnheard.compareAndSet(null, unheard)) {
            // An older heartbeat is still unheard: it stays the oldest.
            return;
        }
        // heard() may have run between the check above and the record: then it may have found nothing to clear, and
        // this heartbeat, already heard, would stay "unheard" until a later one is heard. heard() raises its mark
        // before it looks for a record to clear, and this looks at the mark after recording (both are volatile:
        // sequentially consistent), so at least one of the two sees the other: either heard() sees this record and
        // clears it, or this sees the raised mark and undoes the record. Both may: each clears only this very record,
        // so the second does nothing.
        if (heartbeat <= this.heard.get()) {
            this.oldestUnheard.compareAndSet(unheard, null);
        }
    }

    /**
     * The subscription delivered a heartbeat, so every heartbeat up to it is accounted for.
     * @param heartbeat the heartbeat's number
     */
    void heard(long heartbeat) {
        this.heard.accumulateAndGet(heartbeat, Math::max);
        Unheard oldest = this.oldestUnheard.get();
        while (oldest != null && oldest.heartbeat() <= heartbeat && !this.oldestUnheard.compareAndSet(oldest, null)) {
            oldest = this.oldestUnheard.get();
        }
    }

    /** When the oldest heartbeat taken and not heard was taken, by {@link System#nanoTime()}; empty when none. */
    OptionalLong oldestUnheardNanos() {
        Unheard oldest = this.oldestUnheard.get();
        return (oldest != null) ? OptionalLong.of(oldest.takenNanos()) : OptionalLong.empty();
    }

    /**
     * Forgets what is unheard: a new subscription cannot hear what was published before it. A heartbeat taken
     * before and recorded after is cleared by the first heartbeat the new subscription hears.
     */
    void reset() {
        this.oldestUnheard.set(null);
    }

    private record Unheard(long heartbeat, long takenNanos) {
    }

}
