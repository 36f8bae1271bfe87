package io.cometgate.gateway.config;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.ConfigurationCondition;

/**
 * Matches when Lettuce, Bucket4j's Lettuce module or Spring Boot's Redis module is missing: the exact opposite of the class condition of
 * {@link CometGateRedisAutoConfiguration} (a {@code @ConditionalOnMissingClass} with both names would need both to be
 * missing).
 */
class OnRedisSupportMissingCondition extends AnyNestedCondition {

    OnRedisSupportMissingCondition() {
        super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnMissingClass("io.lettuce.core.RedisClient")
    static class LettuceMissing {

    }

    @ConditionalOnMissingClass("io.github.bucket4j.redis.lettuce.Bucket4jLettuce")
    static class Bucket4jLettuceMissing {

    }

    @ConditionalOnMissingClass("org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails")
    static class BootRedisMissing {

    }

}
