package io.cometgate.gateway.internal.redis;

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
 * Every command goes through {@link #call(Function)}: bounded by Lettuce's command timeout (the time Redis takes to
 * answer a command once sent, not the time a request spent queued in this gateway), skipped at once while Redis is
 * known down ({@link RedisAvailability}, which every use of Redis shares), and failing with an error that each caller
 * turns into its own documented decision (a miss, "no pause", no lock).
 */
public final class SharedRedisConnection {

    private final LettuceConnector connector;

    private final RedisAvailability availability;

    private final AtomicReference<CompletableFuture<StatefulConnection<byte[], byte[]>>> connection = new AtomicReference<>();

    // Once an opening has failed, Redis is not merely starting up: later openings are waited for like a command.
    private volatile boolean openingFailed;

    /**
     * @param connector the Lettuce client
     * @param availability whether Redis is known down, shared by every use of Redis on this replica
     */
    public SharedRedisConnection(LettuceConnector connector, RedisAvailability availability) {
        Assert.notNull(connector, "connector cannot be null");
        Assert.notNull(availability, "availability cannot be null");
        this.connector = connector;
        this.availability = availability;
    }

    /** Whether Redis is known down, shared by every use of Redis on this replica. */
    public RedisAvailability availability() {
        return this.availability;
    }

    /** The time Lettuce gives Redis to answer one command, once sent. */
    public Duration commandTimeout() {
        return this.connector.commandTimeout();
    }

    /**
     * The connection, opening it if needed; a failed opening is retried by the next call. Callers that arrive
     * together share one opening: only the caller that installs a new opening starts a connect, so no connection is
     * opened that nobody keeps (such a connection would reconnect by itself for the life of the process).
     */
    public CompletableFuture<StatefulConnection<byte[], byte[]>> connection() {
        while (true) {
            CompletableFuture<StatefulConnection<byte[], byte[]>> current = this.connection.get();
            if (current != null && !current.isCompletedExceptionally()) {
                return current;
            }
            CompletableFuture<StatefulConnection<byte[], byte[]>> opening = new CompletableFuture<>();
            if (this.connection.compareAndSet(current, opening)) {
                startOpening(opening);
                return opening;
            }
            // Another caller installed an opening first: share it (the loop reads it).
        }
    }

    private void startOpening(CompletableFuture<StatefulConnection<byte[], byte[]>> opening) {
        CompletableFuture<? extends StatefulConnection<byte[], byte[]>> connecting;
        try {
            connecting = this.connector.connectBinary();
        }
        catch (RuntimeException ex) {
            connecting = CompletableFuture.failedFuture(ex);
        }
        connecting.whenComplete((opened, failure) -> {
            if (failure != null) {
                this.openingFailed = true;
                opening.completeExceptionally(failure);
            }
            else {
                opening.complete(opened);
            }
        });
    }

    /**
     * The connection for one command. Once open, at once (Lettuce reconnects it by itself). While it is first being
     * opened, the wait is bounded by the connect timeout, handshake included: a replica that just started waits for
     * its connection rather than take a Redis still connecting for a Redis that is down. Once an opening has failed,
     * a new one is waited for no longer than a command: a hung Redis costs a probe the command timeout, not the
     * connect timeout. A cancelled wait never cancels the opening that other callers share.
     */
    public Mono<StatefulConnection<byte[], byte[]>> openConnection() {
        return Mono.defer(() -> {
            CompletableFuture<StatefulConnection<byte[], byte[]>> opening = connection();
            Mono<StatefulConnection<byte[], byte[]>> opened = Mono.fromFuture(opening, true);
            if (opening.isDone()) {
                return opened;
            }
            return opened.timeout(this.openingFailed ? this.connector.commandTimeout() : this.connector.connectTimeout());
        });
    }

    /**
     * Runs one command: at once {@link RedisKnownDownException} while Redis is known down; otherwise bounded by
     * Lettuce's command timeout, its outcome recorded in the shared {@link RedisAvailability}.
     * @param <T> the command's result
     * @param command the command, on the asynchronous commands common to standalone Redis and a cluster
     * @return the result; an error when Redis is known down, cannot be reached, refuses the command or does not
     * answer within the command timeout
     */
    public <T> Mono<T> call(Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> command) {
        return Mono.defer(() -> {
            if (!this.availability.mayCall()) {
                return Mono.error(new RedisKnownDownException());
            }
            return callEvenIfKnownDown(command);
        });
    }


    /**
     * Runs one command even while Redis is known down, for work that must not be skipped on this replica's word
     * alone (renewing a lock it holds, a logout's eviction and its retries): bounded by the command timeout like
     * any command, its outcome recorded in the shared {@link RedisAvailability}. A logout waits for it once (its 204
     * follows the eviction's first try); renewals and retries run in the background.
     * @param <T> the command's result
     * @param command the command
     * @return the result; an error when Redis cannot be reached, refuses the command or does not answer in time
     */
    public <T> Mono<T> callEvenIfKnownDown(
            Function<RedisClusterAsyncCommands<byte[], byte[]>, ? extends CompletionStage<T>> command) {
        return Mono.defer(() -> openConnection()
            .flatMap((opened) -> RedisAnswerHandOff.answer(() -> command.apply(commandsOf(opened))))
            .doOnSuccess((result) -> this.availability.answered())
            .doOnError(this.availability::record));
    }

    private static RedisClusterAsyncCommands<byte[], byte[]> commandsOf(StatefulConnection<byte[], byte[]> connection) {
        if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
            return cluster.async();
        }
        return ((StatefulRedisConnection<byte[], byte[]>) connection).async();
    }

}
