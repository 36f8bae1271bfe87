package io.cometgate.gateway.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of Spring Boot's {@code spring.data.redis.*} properties that CometGate reads to reach Redis itself, so that
 * a gateway configures Redis once, the Spring Boot way, for Spring Data and for CometGate alike. Standalone
 * ({@code url}, or {@code host}/{@code port}/{@code database}) and cluster ({@code cluster.nodes}).
 */
public class RedisSettings {

    private String url;

    private String host = "localhost";

    private int port = 6379;

    private int database;

    private String username;

    private String password;

    private Duration connectTimeout;

    private final Ssl ssl = new Ssl();

    private final Cluster cluster = new Cluster();

    public String getUrl() {
        return this.url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getHost() {
        return this.host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return this.port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public int getDatabase() {
        return this.database;
    }

    public void setDatabase(int database) {
        this.database = database;
    }

    public String getUsername() {
        return this.username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return this.password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Ssl getSsl() {
        return this.ssl;
    }

    public Cluster getCluster() {
        return this.cluster;
    }

    /** {@code spring.data.redis.ssl.*}. */
    public static class Ssl {

        private boolean enabled;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

    }

    /** {@code spring.data.redis.cluster.*}. */
    public static class Cluster {

        private List<String> nodes = new ArrayList<>();

        public List<String> getNodes() {
            return this.nodes;
        }

        public void setNodes(List<String> nodes) {
            this.nodes = nodes;
        }

    }

}
