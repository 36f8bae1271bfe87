package io.cometgate.demo;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo starts its embedded Redis only when no Redis is configured, in any of the shapes Spring Boot reads: a
 * Sentinel or cluster configuration is a real Redis too.
 */
class EmbeddedRedisDetectionTests {

    @Test
    void nothingConfiguredThenEmbeddedRedis() {
        assertThat(EmbeddedDevDefaults.redisConfigured(new MockEnvironment())).isFalse();
    }

    @Test
    void urlHostClusterOrSentinelThenARealRedisIsConfigured() {
        assertThat(configured("spring.data.redis.url", "redis://redis:6379")).isTrue();
        assertThat(configured("spring.data.redis.host", "redis")).isTrue();
        assertThat(configured("spring.data.redis.cluster.nodes", "node-1:6379,node-2:6379")).isTrue();
        assertThat(configured("spring.data.redis.sentinel.master", "mymaster")).isTrue();
        assertThat(configured("spring.data.redis.sentinel.nodes", "sentinel-1:26379")).isTrue();
    }

    private static boolean configured(String name, String value) {
        return EmbeddedDevDefaults.redisConfigured(new MockEnvironment().withProperty(name, value));
    }

}
