package io.cometgate.gateway.internal.redis;

import java.time.Duration;
import java.util.function.Consumer;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CometGate's Redis target from Spring Boot's own connection details and properties, as Spring Boot's Redis
 * auto-configuration builds them from {@code spring.data.redis.*}: every shape and setting the issue names.
 */
class BootRedisTargetTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataRedisAutoConfiguration.class));

    private void target(Consumer<RedisTarget> assertions, String... properties) {
        this.runner.withPropertyValues(properties).run((context) -> assertions.accept(BootRedisTarget
            .from(context.getBean(DataRedisConnectionDetails.class), context.getBean(DataRedisProperties.class))));
    }

    private static RedisCredentials credentials(RedisURI uri) {
        return uri.getCredentialsProvider().resolveCredentials().block(Duration.ofSeconds(1));
    }

    @Test
    void standaloneWithDatabaseUserPasswordClientNameAndConnectTimeout() {
        target((target) -> {
            RedisURI uri = target.uris().get(0);
            assertThat(target.isCluster()).isFalse();
            assertThat(uri.getHost()).isEqualTo("redis.internal");
            assertThat(uri.getPort()).isEqualTo(6390);
            assertThat(uri.getDatabase()).isEqualTo(3);
            assertThat(uri.getClientName()).isEqualTo("cometgate-a");
            assertThat(uri.isSsl()).isFalse();
            assertThat(credentials(uri).getUsername()).isEqualTo("cg");
            assertThat(new String(credentials(uri).getPassword())).isEqualTo("pw");
            assertThat(target.connectTimeout()).isEqualTo(Duration.ofMillis(700));
            assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(700));
            assertThat(target.describe()).isEqualTo("Redis redis.internal:6390").doesNotContain("pw");
        }, "spring.data.redis.host=redis.internal", "spring.data.redis.port=6390", "spring.data.redis.database=3",
                "spring.data.redis.username=cg", "spring.data.redis.password=pw",
                "spring.data.redis.client-name=cometgate-a", "spring.data.redis.connect-timeout=700ms");
    }

    @Test
    void redissUrlIsTlsWithTheJvmTrustAndItsCredentials() {
        target((target) -> {
            RedisURI uri = target.uris().get(0);
            assertThat(uri.isSsl()).isTrue();
            assertThat(target.ssl()).isNull();
            assertThat(new String(credentials(uri).getPassword())).isEqualTo("token");
            assertThat(target.connectTimeout()).isEqualTo(RedisTarget.DEFAULT_CONNECT_TIMEOUT);
        }, "spring.data.redis.url=rediss://:token@cache.example:6379");
    }

    @Test
    void sslEnabledWithoutBundleIsTls() {
        target((target) -> assertThat(target.uris().get(0).isSsl()).isTrue(), "spring.data.redis.ssl.enabled=true");
    }

    @Test
    void sentinelWithItsOwnCredentialsApartFromTheDataNodes() {
        target((target) -> {
            RedisURI uri = target.uris().get(0);
            assertThat(target.isCluster()).isFalse();
            assertThat(uri.getSentinelMasterId()).isEqualTo("mymaster");
            assertThat(uri.getSentinels()).extracting(RedisURI::getPort).containsExactly(26379, 26380);
            assertThat(uri.getDatabase()).isEqualTo(2);
            assertThat(uri.getClientName()).isEqualTo("cg");
            assertThat(credentials(uri).getUsername()).isEqualTo("data-user");
            RedisURI sentinel = uri.getSentinels().get(0);
            assertThat(credentials(sentinel).getUsername()).isEqualTo("sentinel-user");
            assertThat(new String(credentials(sentinel).getPassword())).isEqualTo("sentinel-pw");
            assertThat(target.describe()).isEqualTo("Redis master 'mymaster' via sentinels s1:26379,s2:26380");
        }, "spring.data.redis.sentinel.master=mymaster", "spring.data.redis.sentinel.nodes=s1:26379,s2:26380",
                "spring.data.redis.sentinel.username=sentinel-user", "spring.data.redis.sentinel.password=sentinel-pw",
                "spring.data.redis.username=data-user", "spring.data.redis.password=data-pw",
                "spring.data.redis.database=2", "spring.data.redis.client-name=cg");
    }

    @Test
    void clusterWithBootsRefreshPeriodAndAdaptiveRefreshAlwaysOn() {
        target((target) -> {
            assertThat(target.isCluster()).isTrue();
            assertThat(target.uris()).extracting(RedisURI::getPort).containsExactly(7000, 7001);
            assertThat(target.clusterRefresh().getRefreshPeriod()).isEqualTo(Duration.ofSeconds(5));
            assertThat(target.clusterRefresh().isPeriodicRefreshEnabled()).isTrue();
            assertThat(target.clusterRefresh().getAdaptiveRefreshTriggers()).isNotEmpty();
            assertThat(target.clusterRefresh().useDynamicRefreshSources()).isFalse();
        }, "spring.data.redis.cluster.nodes=127.0.0.1:7000,127.0.0.1:7001",
                "spring.data.redis.lettuce.cluster.refresh.period=5s",
                "spring.data.redis.lettuce.cluster.refresh.dynamic-refresh-sources=false");
        target((target) -> assertThat(target.clusterRefresh().getRefreshPeriod())
            .isEqualTo(BootRedisTarget.DEFAULT_CLUSTER_REFRESH_PERIOD), "spring.data.redis.cluster.nodes=127.0.0.1:7000");
    }

    @Test
    void masterReplicaWithoutSentinelsIsRefused() {
        this.runner.withPropertyValues("spring.data.redis.masterreplica.nodes=a:6379,b:6379").run((context) -> {
            DataRedisConnectionDetails details = context.getBean(DataRedisConnectionDetails.class);
            DataRedisProperties properties = context.getBean(DataRedisProperties.class);
            org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> BootRedisTarget.from(details, properties))
                .withMessageContaining("spring.data.redis.sentinel");
        });
    }

}
