package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.web.reactive.function.client.WebClient;

import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The limits against a real three-master Redis Cluster, through two replicas. */
class RedisClusterRateLimitTests {

    @Test
    void perUserLimitIsExactAcrossReplicasOnARedisCluster() {
        try (RedisTestCluster cluster = RedisTestCluster.start()) {
            Map<String, Object> properties = Map.of("spring.data.redis.cluster.nodes", cluster.nodes(),
                    "cometchat.rate-limit.per-user", "4/1h");
            try (GatewayReplica first = GatewayReplica.start("redis://unused:1", properties);
                    GatewayReplica second = GatewayReplica.start("redis://unused:1", properties)) {
                List<GatewayReplica> replicas = List.of(first, second);
                // Both replicas decide in the cluster (not in their local fallback) before the burst.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    for (GatewayReplica replica : replicas) {
                        WebClient.create(replica.baseUrl()).post().uri("/cometchat-token")
                            .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt("warm-" + UUID.randomUUID())))
                            .retrieve().toBodilessEntity().block(Duration.ofSeconds(20));
                    }
                    return cluster.keysPerNode().stream().mapToLong(Long::longValue).sum() >= 4;
                });
                String jwt = TestInfrastructure.jwt("cl-" + UUID.randomUUID().toString().substring(0, 8));

                List<Integer> statuses = Flux.range(0, 16)
                    .flatMap((i) -> WebClient.create(replicas.get(i % 2).baseUrl()).post().uri("/cometchat-token")
                        .headers((h) -> h.setBearerAuth(jwt))
                        .exchangeToMono((r) -> r.releaseBody().thenReturn(r.statusCode().value())), 16)
                    .collectList()
                    .block(Duration.ofSeconds(60));

                assertThat(statuses.stream().filter((s) -> s == 200).count()).isEqualTo(4);
                assertThat(statuses.stream().filter((s) -> s == 429).count()).isEqualTo(12);
                // Many users: their buckets spread over the masters by hash slot.
                for (int i = 0; i < 12; i++) {
                    WebClient.create(first.baseUrl()).post().uri("/cometchat-token")
                        .headers((h) -> h.setBearerAuth(TestInfrastructure.jwt("spread-" + UUID.randomUUID())))
                        .retrieve().toBodilessEntity().block(Duration.ofSeconds(20));
                }
                assertThat(cluster.keysPerNode()).allSatisfy((keys) -> assertThat(keys).isPositive());
            }
        }
    }

}
