package io.cometgate.gateway.internal.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The replica's one Redis connection against a real redis-server of the test's own: callers that arrive together
 * open one connection, not one each; and the calls that must not be skipped on this replica's word alone reach Redis
 * while it is known down here.
 */
class SharedRedisConnectionTests {

    private final RedisTestServer server = RedisTestServer.startDedicated();

    private final LettuceConnector connector = this.server.connector();

    private final RedisClient observer = RedisClient.create(this.server.url());

    @AfterEach
    void stop() throws Exception {
        this.observer.shutdown();
        this.connector.destroy();
        this.server.close();
    }

    @Test
    void connectionWhenManyCallersArriveTogetherThenOneConnectionIsOpened() throws Exception {
        SharedRedisConnection shared = new SharedRedisConnection(this.connector,
                new RedisAvailability(Duration.ofSeconds(2), Duration.ofSeconds(10), Clock.systemUTC()));
        int callers = 8;
        CyclicBarrier together = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (StatefulRedisConnection<String, String> counting = this.observer.connect()) {
            List<Future<CompletableFuture<StatefulConnection<byte[], byte[]>>>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> {
                    together.await();
                    return shared.connection();
                }));
            }
            StatefulConnection<byte[], byte[]> first = null;
            for (Future<CompletableFuture<StatefulConnection<byte[], byte[]>>> call : calls) {
                StatefulConnection<byte[], byte[]> opened = call.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS);
                assertThat(opened).isSameAs((first != null) ? first : (first = opened));
            }
            // A loser's connection, if any were opened, shows up at Redis as a client of its own, and stays.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                .until(() -> clients(counting) == 2);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void callEvenIfKnownDownWhenThisReplicaThinksRedisIsDownThenReachesRedis() {
        RedisAvailability availability = new RedisAvailability(Duration.ofHours(1), Duration.ofSeconds(10),
                Clock.systemUTC());
        SharedRedisConnection shared = new SharedRedisConnection(this.connector, availability);
        availability.failed(new RedisCommandTimeoutException("one slow answer"));
        byte[] key = "known-down".getBytes(StandardCharsets.UTF_8);

        assertThatExceptionOfType(RedisKnownDownException.class).isThrownBy(
                () -> shared.call((commands) -> commands.set(key, key)).block(Duration.ofSeconds(30)));
        assertThat(shared.callEvenIfKnownDown((commands) -> commands.set(key, key)).block(Duration.ofSeconds(30)))
            .isEqualTo("OK");

        try (StatefulRedisConnection<String, String> reading = this.observer.connect()) {
            assertThat(reading.sync().get("known-down")).isEqualTo("known-down");
        }
        assertThat(availability.mayCall()).as("the answer ends the known-down state").isTrue();
    }

    private static long clients(StatefulRedisConnection<String, String> counting) {
        return counting.sync().clientList().lines().filter((line) -> !line.isBlank()).count();
    }

}
