package io.cometgate.gateway.internal.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.StaticCredentialsProvider;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * CometGate's {@link RedisTarget} from Spring Boot's own view of Redis, so that a gateway configures Redis once, the
 * Spring Boot way: {@link DataRedisConnectionDetails} says where Redis is and who we are (from
 * {@code spring.data.redis.*}, or from a service connection such as Testcontainers' or Docker Compose's) and which
 * SSL bundle to trust; {@link DataRedisProperties} adds what connection details do not carry: the client name, the
 * connect timeout, a {@code rediss://} URL and the cluster's refresh settings.
 * <p>
 * Shapes, in Spring Boot's order: Sentinel (with the sentinels' own username and password), cluster, standalone. A
 * master/replica set of static nodes ({@code spring.data.redis.masterreplica}) is refused: a limiter must write to
 * the master, and without sentinels nothing says which node that is after a failover.
 */
public final class BootRedisTarget {

    /** Refresh the cluster topology this often when Spring Boot's {@code lettuce.cluster.refresh.period} is unset. */
    static final Duration DEFAULT_CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(30);

    private BootRedisTarget() {
    }

    /**
     * @param details where Redis is and the credentials and SSL bundle to use
     * @param properties {@code spring.data.redis.*}
     * @return the target
     */
    public static RedisTarget from(DataRedisConnectionDetails details, DataRedisProperties properties) {
        Duration connectTimeout = (properties.getConnectTimeout() != null) ? properties.getConnectTimeout()
                : RedisTarget.DEFAULT_CONNECT_TIMEOUT;
        SslBundle bundle = details.getSslBundle();
        // A rediss:// URL asks for TLS with the JDK's trust, as it does for Spring Data's own client.
        boolean ssl = bundle != null || (StringUtils.hasText(properties.getUrl())
                && properties.getUrl().regionMatches(true, 0, "rediss:", 0, 7));
        SslOptions sslOptions = (bundle != null) ? sslOptions(bundle) : null;
        Endpoint endpoint = new Endpoint(details.getUsername(), details.getPassword(), properties.getClientName(),
                ssl, connectTimeout);
        if (details.getSentinel() != null) {
            return RedisTarget.standalone(sentinel(details.getSentinel(), endpoint), sslOptions, connectTimeout);
        }
        if (details.getCluster() != null) {
            List<RedisURI> seeds = new ArrayList<>();
            for (DataRedisConnectionDetails.Node node : details.getCluster().getNodes()) {
                seeds.add(endpoint.apply(RedisURI.create(node.host(), node.port())));
            }
            return RedisTarget.cluster(seeds, clusterRefresh(properties), sslOptions, connectTimeout);
        }
        if (details.getMasterReplica() != null) {
            throw new IllegalStateException("CometGate does not support spring.data.redis.masterreplica (static "
                    + "master/replica nodes): configure spring.data.redis.sentinel.* so that it follows failovers");
        }
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        RedisURI uri = endpoint.apply(RedisURI.create(standalone.getHost(), standalone.getPort()));
        uri.setDatabase(standalone.getDatabase());
        return RedisTarget.standalone(uri, sslOptions, connectTimeout);
    }

    private static RedisURI sentinel(DataRedisConnectionDetails.Sentinel sentinel, Endpoint endpoint) {
        RedisURI.Builder builder = RedisURI.builder().withSentinelMasterId(sentinel.getMaster());
        // The sentinels have credentials of their own (often none); the master and its replicas use the data ones.
        Endpoint sentinels = new Endpoint(sentinel.getUsername(), sentinel.getPassword(), null, endpoint.ssl,
                endpoint.connectTimeout);
        for (DataRedisConnectionDetails.Node node : sentinel.getNodes()) {
            builder.withSentinel(sentinels.apply(RedisURI.create(node.host(), node.port())));
        }
        RedisURI uri = builder.build();
        endpoint.apply(uri);
        uri.setDatabase(sentinel.getDatabase());
        return uri;
    }

    private static ClusterTopologyRefreshOptions clusterRefresh(DataRedisProperties properties) {
        DataRedisProperties.Lettuce.Cluster.Refresh refresh = properties.getLettuce().getCluster().getRefresh();
        Duration period = (refresh.getPeriod() != null) ? refresh.getPeriod() : DEFAULT_CLUSTER_REFRESH_PERIOD;
        // Adaptive refresh stays on whatever refresh.adaptive says: shared limits must follow a failover or a
        // resharding at the first MOVED or lost connection, not only at the next periodic refresh.
        return ClusterTopologyRefreshOptions.builder()
            .enableAllAdaptiveRefreshTriggers()
            .enablePeriodicRefresh(period)
            .dynamicRefreshSources(refresh.isDynamicRefreshSources())
            .build();
    }

    private static SslOptions sslOptions(SslBundle bundle) {
        SslOptions.Builder builder = SslOptions.builder()
            .jdkSslProvider()
            .keyManager(bundle.getManagers().getKeyManagerFactory())
            .trustManager(bundle.getManagers().getTrustManagerFactory());
        org.springframework.boot.ssl.SslOptions options = bundle.getOptions();
        if (options.getCiphers() != null) {
            builder.cipherSuites(options.getCiphers());
        }
        if (options.getEnabledProtocols() != null) {
            builder.protocols(options.getEnabledProtocols());
        }
        return builder.build();
    }

    /** What every URI of one role (data nodes, or sentinels) shares. */
    private record Endpoint(String username, String password, String clientName, boolean ssl, Duration connectTimeout) {

        RedisURI apply(RedisURI uri) {
            if (StringUtils.hasText(this.password)) {
                uri.setCredentialsProvider(new StaticCredentialsProvider(
                        StringUtils.hasText(this.username) ? this.username : null, this.password.toCharArray()));
            }
            if (StringUtils.hasText(this.clientName)) {
                uri.setClientName(this.clientName);
            }
            uri.setSsl(this.ssl);
            // Bounds the handshake (TLS, HELLO/AUTH, CLIENT SETNAME) and a cluster's topology discovery, which need
            // more time than one command; every command after that is bounded by the command timeout.
            uri.setTimeout(this.connectTimeout);
            return uri;
        }

    }

}
