package io.cometgate.gateway.config;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import io.cometgate.gateway.filter.factory.CometChatTokenGatewayFilterFactory;
import io.cometgate.gateway.internal.ratelimit.LimitPolicy;
import io.cometgate.gateway.internal.ratelimit.LimitSpec;
import io.cometgate.gateway.internal.ratelimit.PerUserRateLimiter;

/**
 * Started by {@link WithoutLettuceTests} in a JVM whose class path has no Lettuce and no Bucket4j Lettuce module:
 * the auto-configuration must start and decide limits per replica, without touching a Lettuce type.
 */
public final class WithoutLettuceMain {

    private WithoutLettuceMain() {
    }

    public static void main(String[] args) {
        new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CometGateRedisAutoConfiguration.class, CometGateAutoConfiguration.class))
            .withPropertyValues("cometchat.app-id=app1", "cometchat.region=eu",
                    "cometchat.rest-api-key=0123456789abcdef0123456789")
            .run((context) -> {
                if (context.getStartupFailure() != null) {
                    throw new IllegalStateException("start-up failed", context.getStartupFailure());
                }
                context.getBean(CometChatTokenGatewayFilterFactory.class);
                boolean allowed = context.getBean(PerUserRateLimiter.class)
                    .consume("app1", "u1", LimitPolicy.of("p", LimitSpec.parseList("2/1m")), RedisFailurePolicy.FAIL_OPEN)
                    .block()
                    .allowed();
                System.out.println("decision allowed=" + allowed);
            });
    }

}
