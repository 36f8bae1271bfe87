package io.cometgate.gateway.internal.cache;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of a replica's own heartbeats are unheard, when Redis delivers a heartbeat to the subscription before, after
 * or while it answers the {@code PUBLISH}.
 */
class HeartbeatLedgerTests {

    private final HeartbeatLedger ledger = new HeartbeatLedger();

    @Test
    void nothingTakenThenNothingUnheard() {
        assertThat(this.ledger.oldestUnheardNanos()).isEmpty();
    }

    @Test
    void heardBeforeTakenThenNothingIsUnheard() {
        // Redis delivered the heartbeat to the subscription before the publisher read Redis's answer.
        this.ledger.heard(1);
        this.ledger.taken(1, 100);

        assertThat(this.ledger.oldestUnheardNanos()).isEmpty();
    }

    @Test
    void takenThenHeardThenNothingIsUnheard() {
        this.ledger.taken(1, 100);
        assertThat(this.ledger.oldestUnheardNanos()).hasValue(100);

        this.ledger.heard(1);

        assertThat(this.ledger.oldestUnheardNanos()).isEmpty();
    }

    @Test
    void unheardAfterAHeardOneIsTheOldestUnheard() {
        this.ledger.taken(1, 100);
        this.ledger.heard(1);
        this.ledger.taken(2, 200);
        this.ledger.taken(3, 300);

        assertThat(this.ledger.oldestUnheardNanos()).hasValue(200);
    }

    @Test
    void heardAccountsForEveryOlderHeartbeat() {
        this.ledger.taken(1, 100);
        this.ledger.taken(2, 200);
        this.ledger.taken(3, 300);

        // A subscription delivers in publishing order: hearing 3 means 1 and 2 were delivered too (or lost with an
        // earlier subscription, which a reset forgets).
        this.ledger.heard(3);

        assertThat(this.ledger.oldestUnheardNanos()).isEmpty();
    }

    @Test
    void heardAnOlderOneThenANewerUnheardOneStays() {
        this.ledger.taken(5, 500);
        // An earlier heartbeat, not recorded (taken before a reset, say), is heard only now.
        this.ledger.heard(4);

        assertThat(this.ledger.oldestUnheardNanos()).hasValue(500);
    }

    @Test
    void takenAfterAnOlderHeardOneIsUnheard() {
        this.ledger.heard(1);
        this.ledger.taken(2, 200);

        assertThat(this.ledger.oldestUnheardNanos()).hasValue(200);
    }

    @Test
    void resetForgetsTheUnheard() {
        this.ledger.taken(1, 100);

        this.ledger.reset();

        assertThat(this.ledger.oldestUnheardNanos()).isEmpty();
        this.ledger.taken(2, 200);
        assertThat(this.ledger.oldestUnheardNanos()).hasValue(200);
    }

    @Test
    void takenAndHeardOnTwoThreadsAtOnceThenNothingIsEverUnheard() throws Exception {
        // The publishing connection's thread records heartbeat n as taken while the subscription's thread hears it:
        // 10^5 rounds of the two released together, each thread first spinning a seeded, random while so that every
        // interleaving of the two comes up, the heard mark landing between taken's check and its record included.
        Random random = new Random(21);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        int unheard = 0;
        try {
            for (long heartbeat = 1; heartbeat <= 100_000; heartbeat++) {
                long n = heartbeat;
                int takenSpins = random.nextInt(64);
                int heardSpins = random.nextInt(64);
                AtomicInteger arrived = new AtomicInteger();
                Future<?> taken = threads.submit(() -> {
                    together(arrived);
                    spin(takenSpins);
                    this.ledger.taken(n, n);
                    return null;
                });
                Future<?> heard = threads.submit(() -> {
                    together(arrived);
                    spin(heardSpins);
                    this.ledger.heard(n);
                    return null;
                });
                taken.get(10, TimeUnit.SECONDS);
                heard.get(10, TimeUnit.SECONDS);
                if (this.ledger.oldestUnheardNanos().isPresent()) {
                    unheard++;
                    this.ledger.reset();
                }
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(unheard).as("rounds that left a heard heartbeat unheard").isZero();
    }

    // Both threads arrive, then both go within nanoseconds of each other: a blocking barrier wakes its parked
    // party microseconds late, far wider than the window between taken's check and its record. The waiting one
    // spins, and gives its core up now and then in case the other is not even running (2 cores, other processes).
    private static void together(AtomicInteger arrived) {
        arrived.incrementAndGet();
        for (int spins = 1; arrived.get() < 2; spins++) {
            if (spins % 1024 == 0) {
                Thread.yield();
            }
            else {
                Thread.onSpinWait();
            }
        }
    }

    private static void spin(int times) {
        for (int i = 0; i < times; i++) {
            Thread.onSpinWait();
        }
    }

}
