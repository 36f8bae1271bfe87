package io.cometgate.gateway.internal.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.RedisAvailability;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compare-and-swap that starts from the state a replica last saw ({@link LastSeenStateProxyManager}, through
 * {@link RedisBucketStore}), on a Redis of its own so that its command counts are this test's only: one read per key
 * and replica while the replica's memory is right, exact limits when it is not.
 */
class LastSeenStateProxyManagerTests {

    private static final LimitPolicy FIVE_AN_HOUR = LimitPolicy.of("test", List.of(LimitSpec.parse("5/1h")));

    private static final LimitPolicy PLENTY = LimitPolicy.of("test", List.of(LimitSpec.parse("1000/1h")));

    private static final Pattern CALLS = Pattern.compile("cmdstat_(\\w+):calls=(\\d+).*failed_calls=(\\d+)");

    private static RedisTestServer server;

    private static LettuceConnector connector;

    private static RedisClient admin;

    private static StatefulRedisConnection<String, String> adminConnection;

    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void start() {
        server = RedisTestServer.startDedicated();
        connector = server.connector();
        admin = RedisClient.create(server.url());
        adminConnection = admin.connect();
        redis = adminConnection.sync();
    }

    @AfterAll
    static void stop() {
        adminConnection.close();
        admin.shutdown();
        connector.destroy();
        server.close();
    }

    @BeforeEach
    void resetCounts() {
        redis.configResetstat();
    }

    private static RedisBucketStore replica() {
        SharedRedisConnection connection = new SharedRedisConnection(connector,
                new RedisAvailability(Duration.ZERO, Duration.ZERO, Clock.systemUTC()));
        return new RedisBucketStore(connection, Duration.ofSeconds(2), 16, true);
    }

    private static List<Boolean> decide(int times, RedisBucketStore store, String key, LimitPolicy policy) {
        return Flux.range(0, times)
            .concatMap((i) -> store.tryConsume(key, policy))
            .map(LimitProbe::allowed)
            .collectList()
            .block(Duration.ofSeconds(10));
    }

    // Reads sent by the client: GET calls minus those the scripts made (each script run GETs once).
    private static long clientReads() {
        Map<String, Long> calls = commandCalls();
        return calls.getOrDefault("get", 0L) - scriptRuns();
    }

    private static long scriptRuns() {
        Map<String, Long> calls = commandCalls();
        return calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L);
    }

    private static Map<String, Long> commandCalls() {
        Matcher matcher = CALLS.matcher(redis.info("commandstats"));
        Map<String, Long> calls = new java.util.HashMap<>();
        while (matcher.find()) {
            // Calls that answered an error (NOSCRIPT) did not run.
            calls.put(matcher.group(1), Long.parseLong(matcher.group(2)) - Long.parseLong(matcher.group(3)));
        }
        return calls;
    }

    @Test
    void tryConsumeWhenThisReplicaLastSawTheBucketThenOneScriptRunAndNoRead() {
        RedisBucketStore replica = replica();
        String key = "test:" + UUID.randomUUID();

        assertThat(decide(20, replica, key, PLENTY)).containsOnly(true).hasSize(20);

        // The first decision found no bucket in the replica's memory and read it (it did not exist yet): one GET and
        // one script run; every later decision is the script run alone, one round trip.
        assertThat(scriptRuns()).isEqualTo(20);
        assertThat(clientReads()).isEqualTo(1);
    }

    @Test
    void tryConsumeWhenConcurrentOnOneReplicaThenOneReadAndBatchedSwaps() {
        RedisBucketStore replica = replica();
        String key = "test:" + UUID.randomUUID();

        long allowed = Flux.range(0, 50)
            .flatMap((i) -> replica.tryConsume(key, PLENTY), 50)
            .filter(LimitProbe::allowed)
            .count()
            .block(Duration.ofSeconds(10));

        assertThat(allowed).isEqualTo(50);
        // Requests that arrive while a decision is under way wait for it (Bucket4j's batching) and then swap from the
        // state it wrote: only the very first decision reads, and the 50 requests share far fewer swaps than 50.
        assertThat(clientReads()).isEqualTo(1);
        assertThat(scriptRuns()).isBetween(1L, 49L);
    }

    @Test
    void tryConsumeWhenReplicasAlternateOnOneBucketThenNoReadAfterEachReplicasFirst() {
        RedisBucketStore first = replica();
        RedisBucketStore second = replica();
        String key = "test:" + UUID.randomUUID();

        // Each replica's memory is stale on every one of its turns: the other replica has written the bucket since.
        assertThat(alternate(20, first, second, key, PLENTY)).containsOnly(true).hasSize(20);

        // A stale memory costs a refused swap that answers the current state, then the swap again: never a read.
        assertThat(clientReads()).isEqualTo(2);
    }

    @Test
    void tryConsumeWhenReplicasAlternateOnOneBucketThenExactlyTheLimitAllowed() {
        RedisBucketStore first = replica();
        RedisBucketStore second = replica();
        String key = "test:" + UUID.randomUUID();

        assertThat(alternate(12, first, second, key, FIVE_AN_HOUR)).containsExactly(true, true, true, true, true,
                false, false, false, false, false, false, false);
    }

    private static List<Boolean> alternate(int times, RedisBucketStore first, RedisBucketStore second, String key,
            LimitPolicy policy) {
        return Flux.range(0, times)
            .concatMap((i) -> ((i % 2 == 0) ? first : second).tryConsume(key, policy))
            .map(LimitProbe::allowed)
            .collectList()
            .block(Duration.ofSeconds(10));
    }

    @Test
    void tryConsumeWhenRedisForgotTheScriptThenTheScriptIsSentAgain() {
        RedisBucketStore replica = replica();
        String key = "test:" + UUID.randomUUID();
        assertThat(decide(3, replica, key, FIVE_AN_HOUR)).containsExactly(true, true, true);

        redis.scriptFlush();

        assertThat(decide(3, replica, key, FIVE_AN_HOUR)).containsExactly(true, true, false);
        assertThat(commandCalls()).containsKey("eval");
    }

    @Test
    void tryConsumeWhenTheBucketWasRemovedBehindTheReplicaThenANewBucketIsStarted() {
        RedisBucketStore replica = replica();
        String key = "test:" + UUID.randomUUID();
        assertThat(decide(6, replica, key, FIVE_AN_HOUR)).containsExactly(true, true, true, true, true, false);

        // As when the key expires once its bucket has refilled: the replica still remembers the empty bucket.
        redis.del(key);

        assertThat(decide(6, replica, key, FIVE_AN_HOUR)).containsExactly(true, true, true, true, true, false);
    }

    @Test
    void tryConsumeWhenAnotherReplicaEmptiedTheBucketThenRefusedAlthoughThisReplicaRemembersItFull() {
        RedisBucketStore first = replica();
        RedisBucketStore second = replica();
        String key = "test:" + UUID.randomUUID();
        assertThat(decide(1, first, key, FIVE_AN_HOUR)).containsExactly(true);

        assertThat(decide(4, second, key, FIVE_AN_HOUR)).containsExactly(true, true, true, true);

        assertThat(decide(2, first, key, FIVE_AN_HOUR)).containsExactly(false, false);
        assertThat(redis.pttl(key)).isPositive();
    }

}
