package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.support.EmulatorUsers;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestCluster;
import io.cometgate.gateway.internal.support.ReplicaClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The near caches of two replicas on a real three-master Redis Cluster: a logout on one still reaches the other. */
class RedisClusterNearCacheTests {

    private static final String ROUTE = "/cometchat-token";

    private final CometChatEmulator emulator = TestInfrastructure.emulator();

    @Test
    void logoutOnOneReplicaThenOtherStopsServingRevokedTokenWithinBoundOnARedisCluster() {
        try (RedisTestCluster cluster = RedisTestCluster.start()) {
            Map<String, Object> properties = Map.of("spring.data.redis.cluster.nodes", cluster.nodes());
            try (GatewayReplica first = GatewayReplica.start("redis://unused:1", properties);
                    GatewayReplica second = GatewayReplica.start("redis://unused:1", properties);
                    ReplicaClient http = new ReplicaClient()) {
                for (GatewayReplica replica : List.of(first, second)) {
                    SharedRedisConnection connection = replica.context().getBean(SharedRedisConnection.class);
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> "PONG".equals(connection.call((c) -> c.ping())
                            .block(Duration.ofSeconds(3))));
                }
                String user = TestInfrastructure.uniqueUser("cluster");
                EmulatorUsers.create(this.emulator, TestInfrastructure.REST_API_KEY, user);
                String jwt = TestInfrastructure.jwt(user);
                String revoked = http.token(first, ROUTE, jwt);
                assertThat(http.token(second, ROUTE, jwt)).isEqualTo(revoked);
                this.emulator.resetCounters();

                assertThat(http.delete(first, ROUTE, jwt)).isEqualTo(204);

                await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !http.token(second, ROUTE, jwt).equals(revoked));
                assertThat(this.emulator.calls(Operation.DELETE_AUTH_TOKEN)).isEqualTo(1);
                assertThat(this.emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(1);
            }
        }
    }

}
