package io.cometgate.gateway.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import io.cometgate.gateway.internal.cache.NoTokenCache;
import io.cometgate.gateway.filter.factory.CometChatTokenGatewayFilterFactory;
import io.cometgate.gateway.filter.factory.CometChatUserGatewayFilterFactory;
import io.cometgate.gateway.internal.user.UserLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

class CometChatUserFilterConfigurationTests {

    private static final String KEY = "0123456789abcdef0123456789abcdef01234567";

    private final ReactiveWebApplicationContextRunner configured = new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                CometGateRedisAutoConfiguration.class, CometGateAutoConfiguration.class))
        .withPropertyValues("cometchat.app-id=app1", "cometchat.region=eu", "cometchat.rest-api-key=" + KEY,
                "cometchat.token-cache.enabled=false");

    @Test
    void whenConfiguredThenUserFilterRegistered() {
        this.configured.run((context) -> {
            assertThat(context).hasSingleBean(CometChatUserGatewayFilterFactory.class);
            assertThat(context).hasSingleBean(UserLifecycle.class);
        });
    }

    @Test
    void whenUserFilterDisabledThenOnlyItIsGone() {
        this.configured.withPropertyValues("spring.cloud.gateway.server.webflux.filter.comet-chat-user.enabled=false")
            .run((context) -> {
                assertThat(context).doesNotHaveBean(CometChatUserGatewayFilterFactory.class);
                assertThat(context).hasSingleBean(CometChatTokenGatewayFilterFactory.class);
            });
    }

    @Test
    void whenUserDeclaresUserLifecycleThenItReplacesTheDefault() {
        UserLifecycle own = new UserLifecycle(new NoTokenCache());
        this.configured.withBean(UserLifecycle.class, () -> own)
            .run((context) -> assertThat(context.getBean(UserLifecycle.class)).isSameAs(own));
    }

}
