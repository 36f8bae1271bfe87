package io.cometgate.gateway.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

/**
 * The one Redis connection of a replica, shared by the rate limiter, the token cache, the mint lock and the pauses
 * (Lettuce multiplexes a connection over any number of concurrent commands). The only place that opens it and
 * recovers: opened lazily and without blocking; if opening fails, the next use tries again. Once open, Lettuce
 * reconnects by itself, so the connection object stays the same for the life of the replica.
 * <p>
 * Every command goes through {@link #call(Duration, Function)}: bounded in time, failing with an error that each
 * caller turns into its own documented decision (a miss, "no pause", "mint anyway").
 */
public final class SharedRedisConnection {

    private final LettuceConnector connector;

    private final AtomicReference<CompletableFuture<StatefulConnection<byte[], byte[]>>> connection = new AtomicReference<>();

    public SharedRedisConnection(LettuceConnector connector) {
        Assert.notNull(connector, "connector cannot be null");
        this.connector = connector;
    }

    /** The connection, opening it if needed; a failed opening is retried by the next call. */
    public CompletableFuture<StatefulConnection<byte[], byte[]>> connection() {
        CompletableFuture<StatefulConnection<byte[], byte[]>> current = this.connection.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        CompletableFuture<StatefulConnection<byte[], byte[]>> opening = this.connector.connectBinary()
            .thenApply((opened) -> (StatefulConnection<byte[], byte[]>) opened);
        return this.connection.compareAndSet(current, opening) ? opening : this.connection.get();
    }

    /**
     * Runs one command, bounded in time: getting the connection, sending and the answer all count.
     * @param <T> the command's result
     * @param timeout the most the call may take
     * @param command the command, on the asynchronous commands common to standalone Redis and a cluster
     * @return the result; an error when Redis cannot be reached, refuses the command or exceeds {@code timeout}
     */
    public <T> Mono<T> call(Duration timeout,
            Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> command) {
        return Mono.fromFuture(this::connection)
            .flatMap((opened) -> Mono.fromCompletionStage(command.apply(commandsOf(opened))))
            .timeout(timeout);
    }

    private static RedisClusterAsyncCommands<byte[], byte[]> commandsOf(StatefulConnection<byte[], byte[]> connection) {
        if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
            return cluster.async();
        }
        return ((StatefulRedisConnection<byte[], byte[]>) connection).async();
    }

}
