package io.cometgate.gateway.internal.ratelimit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import io.cometgate.gateway.internal.support.CallerThreadCaches;

/**
 * Bucket4j's compare-and-swap on Redis, in one round trip when this replica last saw the bucket.
 * <p>
 * Bucket4j's {@link LettuceBasedProxyManager} reads a bucket ({@code GET}), lets Bucket4j compute the new state, then
 * writes it only if Redis still holds what was read (a script): two round trips per decision, one after the other.
 * This proxy manager changes only where the state to compute from comes from: the state this replica last read or
 * wrote for the key, when it has one, instead of a {@code GET}. The write is the same compare-and-swap, and when
 * another replica changed the bucket in between, the script answers the bucket's current state along with its "no":
 * Bucket4j's retry then computes from that, again without a read. Redis decides every swap, so the limits stay exact
 * across replicas; a stale memory costs one swap that fails, never an extra request allowed.
 * <p>
 * A refusal writes nothing, so Redis has not confirmed a refusal computed from memory; {@link RedisBucketStore} then
 * forgets the key and decides again from a read, as Bucket4j would have in the first place (a bucket deleted or reset
 * behind the replica's back is then seen at once). A key this replica has not seen is read first, as Bucket4j does. The memory holds at most {@code maximumKeys}
 * states (a few dozen bytes each) and forgets a key it has not used for {@code forgetAfter}. Only the asynchronous
 * API changes; the blocking one is Bucket4j's own.
 */
final class LastSeenStateProxyManager extends LettuceBasedProxyManager<byte[]> {

    // The same swap as Bucket4j's script, with two differences: an empty expected value stands for "no bucket yet"
    // (a bucket's state is never empty), and a refused swap answers the current state, or nothing when there is none.
    static final String SCRIPT = """
            local current = redis.call('get', KEYS[1])
            if current == ARGV[1] or (ARGV[1] == '' and not current) then
              if ARGV[3] ~= '0' then
                redis.call('set', KEYS[1], ARGV[2], 'px', ARGV[3])
              else
                redis.call('set', KEYS[1], ARGV[2])
              end
              return {1}
            end
            if current then
              return {0, current}
            end
            return {0}
            """;

    private static final byte[] NO_BUCKET = new byte[0];

    private static final byte[] SCRIPT_BYTES = SCRIPT.getBytes(StandardCharsets.UTF_8);

    private final RedisClusterAsyncCommands<byte[], byte[]> commands;

    private final ExpirationAfterWriteStrategy expiration;

    private final String scriptDigest;

    private final long commandTimeoutNanos;

    // What this replica last read or wrote per key; NO_BUCKET when Redis had no bucket for it.
    private final Cache<ByteBuffer, byte[]> lastSeen;

    /**
     * @param builder Bucket4j's builder for the same connection: timeouts, retries, expiry and the blocking API
     * @param commands the connection's commands, for the asynchronous compare-and-swap
     * @param maximumKeys the most keys whose last state is remembered
     * @param forgetAfter how long an unused key's state is remembered
     * @param commandTimeout the bound Lettuce already puts on every command of the connection
     */
    LastSeenStateProxyManager(Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]> builder,
            RedisClusterAsyncCommands<byte[], byte[]> commands, long maximumKeys, Duration forgetAfter,
            Duration commandTimeout) {
        super(builder);
        this.commands = commands;
        this.expiration = builder.getExpirationAfterWrite().orElse(ExpirationAfterWriteStrategy.none());
        this.scriptDigest = commands.digest(SCRIPT_BYTES);
        this.commandTimeoutNanos = commandTimeout.toNanos();
        this.lastSeen = CallerThreadCaches.newBuilder().maximumSize(maximumKeys).expireAfterAccess(forgetAfter).build();
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(byte[] key) {
        ByteBuffer memoryKey = ByteBuffer.wrap(key);
        return new AsyncCompareAndSwapOperation() {

            @Override
            public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
                byte[] known = LastSeenStateProxyManager.this.lastSeen.getIfPresent(memoryKey);
                if (known != null) {
                    return CompletableFuture.completedFuture((known == NO_BUCKET) ? Optional.empty() : Optional.of(known));
                }
                // A state read is not remembered: a refusal computed from it is Redis's own answer, and
                // RedisBucketStore asks again only for refusals computed from memory. "No bucket" is remembered, so
                // that Bucket4j's second pass, which creates the bucket, does not read again.
                return bounded(LastSeenStateProxyManager.this.commands.get(key).toCompletableFuture(), timeoutNanos)
                    .thenApply((state) -> {
                        if (state == null) {
                            LastSeenStateProxyManager.this.lastSeen.put(memoryKey, NO_BUCKET);
                        }
                        return Optional.ofNullable(state);
                    });
            }

            @Override
            public CompletableFuture<Boolean> compareAndSwap(byte[] originalData, byte[] newData,
                    RemoteBucketState newState, Optional<Long> timeoutNanos) {
                long ttlMillis = Math.max(0, LastSeenStateProxyManager.this.expiration
                    .calculateTimeToLiveMillis(newState, currentTimeNanos()));
                byte[][] arguments = { (originalData != null) ? originalData : NO_BUCKET, newData, decimal(ttlMillis) };
                return bounded(swap(key, arguments), timeoutNanos).thenApply((reply) -> remember(memoryKey, newData, reply));
            }

        };
    }

    private CompletableFuture<List<Object>> swap(byte[] key, byte[][] arguments) {
        byte[][] keys = { key };
        // EVALSHA sends the script's digest only; a Redis that does not know the script yet (restarted, a new cluster
        // node, SCRIPT FLUSH) is sent the script itself once, which also loads it.
        return this.commands.<List<Object>>evalsha(this.scriptDigest, ScriptOutputType.MULTI, keys, arguments)
            .toCompletableFuture()
            .exceptionallyCompose((failure) -> (unwrap(failure) instanceof RedisNoScriptException)
                    ? this.commands.<List<Object>>eval(SCRIPT_BYTES, ScriptOutputType.MULTI, keys, arguments)
                        .toCompletableFuture()
                    : CompletableFuture.failedFuture(failure));
    }

    private boolean remember(ByteBuffer memoryKey, byte[] newData, List<Object> reply) {
        boolean swapped = ((Long) reply.get(0)) == 1L;
        if (swapped) {
            this.lastSeen.put(memoryKey, newData);
        }
        else {
            this.lastSeen.put(memoryKey, (reply.size() > 1) ? (byte[]) reply.get(1) : NO_BUCKET);
        }
        return swapped;
    }

    /**
     * Forgets what this replica saw of one bucket: its next decision reads the bucket from Redis.
     * @param key the bucket's key
     * @return whether anything was remembered
     */
    boolean forget(byte[] key) {
        return this.lastSeen.asMap().remove(ByteBuffer.wrap(key)) != null;
    }

    // What is left of Bucket4j's request timeout bounds each command, as in Bucket4j's own proxy manager; but only
    // when it is shorter than Lettuce's command timeout, which bounds every command anyway. CompletableFuture's
    // timeout is a task on a scheduler thread of its own, set and cancelled per command: a thread wake-up that the
    // first attempt of a decision (the whole timeout left) never needs.
    private <T> CompletableFuture<T> bounded(CompletableFuture<T> future, Optional<Long> timeoutNanos) {
        if (timeoutNanos.isEmpty() || timeoutNanos.get() >= this.commandTimeoutNanos) {
            return future;
        }
        return future.orTimeout(timeoutNanos.get(), TimeUnit.NANOSECONDS);
    }

    private static Throwable unwrap(Throwable failure) {
        return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
    }

    private static byte[] decimal(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

}
