package io.cometgate.gateway.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

/**
 * The one Redis connection of a replica, shared by the rate limiter, the token cache and the mint lock (Lettuce
 * multiplexes a connection over any number of concurrent commands). Opened lazily and without blocking; if opening
 * fails, the next use tries again. Once open, Lettuce reconnects by itself.
 */
public final class SharedRedisConnection {

    private final LettuceConnector connector;

    private final AtomicReference<CompletableFuture<StatefulConnection<byte[], byte[]>>> connection = new AtomicReference<>();

    public SharedRedisConnection(LettuceConnector connector) {
        Assert.notNull(connector, "connector cannot be null");
        this.connector = connector;
    }

    /** The connection, opening it if needed. */
    public CompletableFuture<StatefulConnection<byte[], byte[]>> connection() {
        CompletableFuture<StatefulConnection<byte[], byte[]>> current = this.connection.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        CompletableFuture<StatefulConnection<byte[], byte[]>> opening = this.connector.connectBinary()
            .thenApply((opened) -> (StatefulConnection<byte[], byte[]>) opened);
        return this.connection.compareAndSet(current, opening) ? opening : this.connection.get();
    }

    /** The asynchronous commands common to standalone Redis and a cluster. */
    public Mono<RedisClusterAsyncCommands<byte[], byte[]>> commands() {
        return Mono.fromFuture(this::connection).map(SharedRedisConnection::commandsOf);
    }

    private static RedisClusterAsyncCommands<byte[], byte[]> commandsOf(StatefulConnection<byte[], byte[]> connection) {
        if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
            return cluster.async();
        }
        return ((StatefulRedisConnection<byte[], byte[]>) connection).async();
    }

}
