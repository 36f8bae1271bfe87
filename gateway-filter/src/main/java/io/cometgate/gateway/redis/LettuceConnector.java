package io.cometgate.gateway.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.StringUtils;

/**
 * CometGate's own Lettuce client, standalone or cluster, built from {@code spring.data.redis.*}. Bucket4j needs a
 * Lettuce connection of its own (not Spring Data's), and CometGate wants options of its own: commands are refused at
 * once while disconnected (instead of queueing until the link is back, which would hang requests) and each bounded
 * by a command timeout counted from when the command is sent, so that it measures Redis, not the time a request
 * queued in this gateway before it; Lettuce reconnects in the background.
 */
public final class LettuceConnector implements DisposableBean {

    private final RedisClient standalone;

    private final RedisClusterClient cluster;

    private final RedisURI standaloneUri;

    private final ClientResources resources;

    private final Duration commandTimeout;

    private final Duration connectTimeout;

    /** The command timeout when none is given: Redis answers in well under a millisecond when healthy. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

    /**
     * @param settings where Redis is
     */
    public LettuceConnector(RedisSettings settings) {
        this(settings, DEFAULT_COMMAND_TIMEOUT);
    }

    /**
     * @param settings where Redis is
     * @param commandTimeout the most a command waits for Redis's answer once sent
     */
    public LettuceConnector(RedisSettings settings, Duration commandTimeout) {
        Duration connectTimeout = (settings.getConnectTimeout() != null) ? settings.getConnectTimeout()
                : Duration.ofSeconds(2);
        // The URI's timeout bounds the handshake and a cluster's topology discovery, which need more time than one
        // command; every command after that is bounded by commandTimeout (TimeoutOptions, below).
        Duration handshakeTimeout = connectTimeout;
        this.commandTimeout = commandTimeout;
        this.connectTimeout = connectTimeout;
        SocketOptions socket = RedisSocketOptions.withKeepAlive(connectTimeout);
        // Lettuce backs off up to 30 s between reconnects by default; limits should be shared again soon after a
        // Redis restart, so the backoff is capped at 2 s.
        // Lettuce also records every command's latency in histograms of its own whenever LatencyUtils is on the
        // classpath (Micrometer brings it), with pause-detector threads waking every 10 ms: nothing reads them here,
        // so that work is switched off (the gateway's own metrics are Micrometer's).
        this.resources = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
            .commandLatencyRecorder(CommandLatencyRecorder.disabled())
            .build();
        if (!settings.getCluster().getNodes().isEmpty()) {
            List<RedisURI> nodes = new ArrayList<>();
            for (String node : settings.getCluster().getNodes()) {
                int colon = node.lastIndexOf(':');
                nodes.add(configure(RedisURI.create(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1))),
                        settings, handshakeTimeout));
            }
            this.cluster = RedisClusterClient.create(this.resources, nodes);
            this.cluster.setOptions(ClusterClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                // Follow failovers and resharding without a restart.
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                    .enableAllAdaptiveRefreshTriggers()
                    .enablePeriodicRefresh(Duration.ofSeconds(30))
                    .build())
                .build());
            this.standalone = null;
            this.standaloneUri = null;
        }
        else {
            RedisURI uri = StringUtils.hasText(settings.getUrl()) ? RedisURI.create(settings.getUrl())
                    : RedisURI.builder().withHost(settings.getHost()).withPort(settings.getPort())
                        .withDatabase(settings.getDatabase()).withSsl(settings.getSsl().isEnabled()).build();
            this.standaloneUri = configure(uri, settings, handshakeTimeout);
            this.standalone = RedisClient.create(this.resources);
            this.standalone.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
            this.cluster = null;
        }
    }

    private static RedisURI configure(RedisURI uri, RedisSettings settings, Duration handshakeTimeout) {
        if (StringUtils.hasText(settings.getPassword())) {
            uri.setCredentialsProvider(new StaticCredentialsProvider(
                    StringUtils.hasText(settings.getUsername()) ? settings.getUsername() : null,
                    settings.getPassword().toCharArray()));
        }
        if (settings.getSsl().isEnabled()) {
            uri.setSsl(true);
        }
        uri.setTimeout(handshakeTimeout);
        return uri;
    }

    /** The most a command waits for Redis's answer once sent. */
    public Duration commandTimeout() {
        return this.commandTimeout;
    }

    /** The most opening a connection takes, handshake included. */
    public Duration connectTimeout() {
        return this.connectTimeout;
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
        return this.standalone.connectAsync(ByteArrayCodec.INSTANCE, this.standaloneUri).toCompletableFuture();
    }

    /**
     * Opens a new publish/subscribe connection with byte array channels and messages, without blocking. Lettuce
     * subscribes again by itself after a reconnect. On a cluster, one node's subscription hears every node's
     * {@code PUBLISH} (the cluster bus broadcasts them).
     */
    public CompletableFuture<? extends StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub() {
        if (this.cluster != null) {
            return this.cluster.refreshPartitionsAsync()
                .toCompletableFuture()
                .thenCompose((loaded) -> this.cluster.connectPubSubAsync(ByteArrayCodec.INSTANCE));
        }
        return this.standalone.connectPubSubAsync(ByteArrayCodec.INSTANCE, this.standaloneUri).toCompletableFuture();
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
