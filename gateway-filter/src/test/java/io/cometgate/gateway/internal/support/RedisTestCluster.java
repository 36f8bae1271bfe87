package io.cometgate.gateway.internal.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import static org.awaitility.Awaitility.await;

/**
 * A real three-master Redis Cluster for tests: three redis-server processes with {@code --cluster-enabled yes},
 * joined and given a third of the 16,384 hash slots each, with the commands {@code redis-cli --cluster create} would
 * send (no redis-cli needed).
 */
public final class RedisTestCluster implements AutoCloseable {

    private static final int SLOTS = 16384;

    private final List<RedisTestServer> nodes = new ArrayList<>();

    private RedisTestCluster() {
    }

    /** Starts, joins and waits for a healthy cluster. */
    public static RedisTestCluster start() {
        RedisTestCluster cluster = new RedisTestCluster();
        for (int i = 0; i < 3; i++) {
            cluster.nodes.add(RedisTestServer.startDedicated("cluster-enabled yes",
                    "cluster-config-file nodes-" + System.nanoTime() + ".conf", "cluster-node-timeout 2000"));
        }
        cluster.assignSlotsAndMeet();
        return cluster;
    }

    private void assignSlotsAndMeet() {
        int perNode = SLOTS / this.nodes.size();
        for (int i = 0; i < this.nodes.size(); i++) {
            int from = i * perNode;
            int to = (i == this.nodes.size() - 1) ? SLOTS - 1 : from + perNode - 1;
            int port = this.nodes.get(i).port();
            run(port, (redis) -> redis.clusterAddSlots(IntStream.rangeClosed(from, to).toArray()));
        }
        int first = this.nodes.get(0).port();
        for (RedisTestServer node : this.nodes.subList(1, this.nodes.size())) {
            run(first, (redis) -> redis.clusterMeet("127.0.0.1", node.port()));
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> this.nodes.stream()
            .allMatch((node) -> run(node.port(), RedisCommands::clusterInfo).contains("cluster_state:ok")
                    && run(node.port(), RedisCommands::clusterInfo).contains("cluster_known_nodes:3")));
    }

    private static <T> T run(int port, java.util.function.Function<RedisCommands<String, String>, T> command) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return command.apply(connection.sync());
        }
        finally {
            client.shutdown();
        }
    }

    /** The nodes, as {@code spring.data.redis.cluster.nodes} takes them. */
    public String nodes() {
        return String.join(",", this.nodes.stream().map((node) -> "127.0.0.1:" + node.port()).toList());
    }

    /** How many keys each master holds, in node order. */
    public List<Long> keysPerNode() {
        return this.nodes.stream().map((node) -> run(node.port(), RedisCommands::dbsize)).toList();
    }

    @Override
    public void close() {
        this.nodes.forEach(RedisTestServer::close);
    }

}
