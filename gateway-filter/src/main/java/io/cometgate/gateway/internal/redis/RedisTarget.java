package io.cometgate.gateway.internal.redis;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

import org.springframework.util.Assert;

/**
 * Where CometGate's Redis is and how to reach it, in Lettuce's own terms: one URI for a standalone Redis or a
 * Sentinel-managed master (the URI then lists the sentinels), or the seed nodes of a Redis Cluster with how its
 * topology is refreshed; the TLS material when the URIs ask for TLS; the connect timeout. Built from Spring Boot's
 * configuration by {@link BootRedisTarget}, or from a URL.
 */
public final class RedisTarget {

    /** The connect timeout when none is configured: a handshake on a healthy network takes milliseconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final List<RedisURI> uris;

    private final boolean cluster;

    private final ClusterTopologyRefreshOptions clusterRefresh;

    private final SslOptions ssl;

    private final Duration connectTimeout;

    private RedisTarget(List<RedisURI> uris, boolean cluster, ClusterTopologyRefreshOptions clusterRefresh,
            SslOptions ssl, Duration connectTimeout) {
        Assert.notEmpty(uris, "uris cannot be empty");
        Assert.notNull(connectTimeout, "connectTimeout cannot be null");
        this.uris = List.copyOf(uris);
        this.cluster = cluster;
        this.clusterRefresh = clusterRefresh;
        this.ssl = ssl;
        this.connectTimeout = connectTimeout;
    }

    /**
     * A standalone Redis, or a master found through sentinels (a URI with sentinels).
     * @param uri the URI, its credentials, database, client name and TLS flag set
     * @param ssl the TLS material, or {@code null} for the JDK's defaults
     * @param connectTimeout the most opening a connection takes, handshake included
     * @return the target
     */
    public static RedisTarget standalone(RedisURI uri, SslOptions ssl, Duration connectTimeout) {
        return new RedisTarget(List.of(uri), false, null, ssl, connectTimeout);
    }

    /**
     * A Redis Cluster.
     * @param seeds some of its nodes, their credentials, client name and TLS flag set
     * @param refresh how the client follows failovers and resharding
     * @param ssl the TLS material, or {@code null} for the JDK's defaults
     * @param connectTimeout the most opening a connection takes, handshake included
     * @return the target
     */
    public static RedisTarget cluster(List<RedisURI> seeds, ClusterTopologyRefreshOptions refresh, SslOptions ssl,
            Duration connectTimeout) {
        Assert.notNull(refresh, "refresh cannot be null");
        return new RedisTarget(seeds, true, refresh, ssl, connectTimeout);
    }

    /**
     * A standalone Redis at a {@code redis://} or {@code rediss://} URL (tests, tools), with the default connect
     * timeout.
     * @param url the URL
     * @return the target
     */
    public static RedisTarget url(String url) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(DEFAULT_CONNECT_TIMEOUT);
        return standalone(uri, null, DEFAULT_CONNECT_TIMEOUT);
    }

    /** The URI of a standalone or Sentinel-managed Redis, or the seed nodes of a cluster. */
    public List<RedisURI> uris() {
        return this.uris;
    }

    /** Whether this is a Redis Cluster. */
    public boolean isCluster() {
        return this.cluster;
    }

    /** How a cluster's topology is refreshed; {@code null} when not a cluster. */
    public ClusterTopologyRefreshOptions clusterRefresh() {
        return this.clusterRefresh;
    }

    /** The TLS material; {@code null} for the JDK's defaults (or no TLS). */
    public SslOptions ssl() {
        return this.ssl;
    }

    /** The most opening a connection takes, handshake included. */
    public Duration connectTimeout() {
        return this.connectTimeout;
    }

    /**
     * Where this is, for a log line: the shape and the host:port of each node (or sentinel and master name), never a
     * credential.
     */
    public String describe() {
        RedisURI first = this.uris.get(0);
        String tls = first.isSsl() ? " over TLS" : "";
        if (this.cluster) {
            return "Redis Cluster " + this.uris.stream().map(RedisTarget::hostAndPort).collect(Collectors.joining(","))
                    + tls;
        }
        if (!first.getSentinels().isEmpty()) {
            return "Redis master '" + first.getSentinelMasterId() + "' via sentinels "
                    + first.getSentinels().stream().map(RedisTarget::hostAndPort).collect(Collectors.joining(","))
                    + tls;
        }
        return "Redis " + hostAndPort(first) + tls;
    }

    private static String hostAndPort(RedisURI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

}
