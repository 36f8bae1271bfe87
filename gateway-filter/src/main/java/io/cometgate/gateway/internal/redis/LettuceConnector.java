package io.cometgate.gateway.internal.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

/**
 * CometGate's own Lettuce client, for a standalone Redis, a master found through sentinels, or a cluster, as a
 * {@link RedisTarget} says (from Spring Boot's configuration: {@link BootRedisTarget}). Bucket4j needs a Lettuce
 * connection of its own (not Spring Data's), and CometGate wants options of its own: commands are refused at once
 * while disconnected (instead of queueing until the link is back, which would hang requests) and each bounded by a
 * command timeout counted from when the command is sent, so that it measures Redis, not the time a request queued in
 * this gateway before it; keys and values are bytes. Lettuce reconnects in the background; behind sentinels it asks
 * them for the master again on every reconnect, so a failover is followed by the reconnect that it causes.
 */
public final class LettuceConnector implements DisposableBean {

    private final RedisClient standalone;

    private final RedisClusterClient cluster;

    private final RedisTarget target;

    private final ClientResources resources;

    private final Duration commandTimeout;

    /** The command timeout when none is given: Redis answers in well under a millisecond when healthy. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

    /**
     * @param target where Redis is
     */
    public LettuceConnector(RedisTarget target) {
        this(target, DEFAULT_COMMAND_TIMEOUT);
    }

    /**
     * @param target where Redis is
     * @param commandTimeout the most a command waits for Redis's answer once sent
     */
    public LettuceConnector(RedisTarget target, Duration commandTimeout) {
        this(target, commandTimeout, (options) -> {
        });
    }

    /**
     * @param target where Redis is
     * @param commandTimeout the most a command waits for Redis's answer once sent
     * @param customizeOptions changes the client's options after CometGate has set its own (the application's
     * customizers, which the auto-configuration applies here: this package knows none of CometGate's types)
     */
    public LettuceConnector(RedisTarget target, Duration commandTimeout,
            Consumer<ClientOptions.Builder> customizeOptions) {
        Assert.notNull(target, "target cannot be null");
        Assert.notNull(commandTimeout, "commandTimeout cannot be null");
        Assert.notNull(customizeOptions, "customizeOptions cannot be null");
        this.target = target;
        this.commandTimeout = commandTimeout;
        SocketOptions socket = RedisSocketOptions.withKeepAlive(target.connectTimeout());
        // Lettuce backs off up to 30 s between reconnects by default; limits should be shared again soon after a
        // Redis restart or a failover, so the backoff is capped at 2 s.
        // Lettuce also records every command's latency in histograms of its own whenever LatencyUtils is on the
        // classpath (Micrometer brings it), with pause-detector threads waking every 10 ms: nothing reads them here,
        // so that work is switched off (the gateway's own metrics are Micrometer's).
        this.resources = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
            .commandLatencyRecorder(CommandLatencyRecorder.disabled())
            .build();
        ClientOptions.Builder options = target.isCluster()
                ? ClusterClientOptions.builder().topologyRefreshOptions(target.clusterRefresh())
                : ClientOptions.builder();
        options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(socket)
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout));
        if (target.ssl() != null) {
            options.sslOptions(target.ssl());
        }
        customizeOptions.accept(options);
        if (target.isCluster()) {
            this.cluster = RedisClusterClient.create(this.resources, target.uris());
            this.cluster.setOptions((ClusterClientOptions) options.build());
            this.standalone = null;
        }
        else {
            this.standalone = RedisClient.create(this.resources);
            this.standalone.setOptions(options.build());
            this.cluster = null;
        }
    }

    /** Where Redis is. */
    public RedisTarget target() {
        return this.target;
    }

    /** The most a command waits for Redis's answer once sent. */
    public Duration commandTimeout() {
        return this.commandTimeout;
    }

    /** The most opening a connection takes, handshake included. */
    public Duration connectTimeout() {
        return this.target.connectTimeout();
    }

    /** Whether this connects to a Redis Cluster. */
    public boolean isCluster() {
        return this.cluster != null;
    }

    /** Opens a new connection with byte array keys and values, without blocking. */
    public CompletableFuture<? extends StatefulConnection<byte[], byte[]>> connectBinary() {
        if (this.cluster != null) {
            // An asynchronous cluster connection needs the topology first; load it without blocking too.
            return this.cluster.refreshPartitionsAsync()
                .toCompletableFuture()
                .thenCompose((loaded) -> this.cluster.connectAsync(ByteArrayCodec.INSTANCE));
        }
        return this.standalone.connectAsync(ByteArrayCodec.INSTANCE, this.target.uris().get(0)).toCompletableFuture();
    }

    /**
     * Opens a new publish/subscribe connection with byte array channels and messages, without blocking. Lettuce
     * subscribes again by itself after a reconnect (behind sentinels, on the master they then name). On a cluster,
     * one node's subscription hears every node's {@code PUBLISH} (the cluster bus broadcasts them).
     */
    public CompletableFuture<? extends StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub() {
        if (this.cluster != null) {
            return this.cluster.refreshPartitionsAsync()
                .toCompletableFuture()
                .thenCompose((loaded) -> this.cluster.connectPubSubAsync(ByteArrayCodec.INSTANCE));
        }
        return this.standalone.connectPubSubAsync(ByteArrayCodec.INSTANCE, this.target.uris().get(0))
            .toCompletableFuture();
    }

    @Override
    public void destroy() {
        // Closes every connection this client opened.
        if (this.cluster != null) {
            this.cluster.shutdownAsync().thenRun(this.resources::shutdown);
        }
        else {
            this.standalone.shutdownAsync().thenRun(this.resources::shutdown);
        }
    }

}
