package io.cometgate.gateway.internal.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests allowed locally are never lost while other threads record more and a Redis decision takes (and sometimes
 * gives back) what is owed: every request is either charged or still owed.
 * <p>
 * Why this fails on a get-then-put ledger ({@code put(key, get(key) + 1)}): two writers read the same count and both
 * write count + 1, so one request is lost; or the taker removes the count between a writer's read and its write, and
 * the writer puts back the old count + 1, so the taken requests are counted twice. Either breaks the sum below. With
 * 8 writers released together on one key, both interleavings happen thousands of times in 8 x 10^4 increments.
 */
class FailOpenLedgerConcurrencyTests {

    private static final int WRITERS = 8;

    private static final int INCREMENTS_PER_WRITER = 10_000;

    private static final String KEY = "user-1:per-minute";

    @Test
    void concurrentIncrementsAndTakesLoseNothing() throws Exception {
        FailOpenLedger ledger = new FailOpenLedger(1_000, Duration.ofHours(1));
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger writersLeft = new AtomicInteger(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < INCREMENTS_PER_WRITER; i++) {
                        ledger.allowedLocally(KEY);
                    }
                    writersLeft.decrementAndGet();
                    return null;
                }));
            }
            // The taker charges what it takes, or (seeded, so the same choices each run) gives part of it back as a
            // failed Redis call would.
            Future<Long> charged = threads.submit(() -> {
                Random random = new Random(21);
                long total = 0;
                start.await();
                while (writersLeft.get() > 0) {
                    long taken = ledger.takeOwed(KEY);
                    long givenBack = (taken > 0 && random.nextBoolean()) ? random.nextLong(taken + 1) : 0;
                    if (givenBack > 0) {
                        ledger.giveBack(KEY, givenBack);
                    }
                    total += taken - givenBack;
                }
                return total;
            });
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            long chargedTotal = charged.get(60, TimeUnit.SECONDS);
            long stillOwed = ledger.takeOwed(KEY);

            assertThat(chargedTotal + stillOwed).as("charged %d + still owed %d", chargedTotal, stillOwed)
                .isEqualTo((long) WRITERS * INCREMENTS_PER_WRITER);
            assertThat(ledger.takeOwed(KEY)).as("nothing left once taken").isZero();
        }
        finally {
            threads.shutdownNow();
        }
    }

}
