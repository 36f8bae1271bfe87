package io.cometgate.gateway.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class UnresolvedPlaceholderCheckTests {

    private static final String KEY = "0123456789abcdef0123456789abcdef01234567";

    private static final String CACHE_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(UnresolvedPlaceholderCheckAutoConfiguration.class,
                DataRedisAutoConfiguration.class,
                CometGateRedisAutoConfiguration.class, CometGateAutoConfiguration.class))
        .withPropertyValues("cometchat.app-id=app1", "cometchat.region=eu");

    @Test
    void startWhenRestApiKeyPlaceholderUnresolvedThenFailsNamingThePlaceholder() {
        this.runner.withPropertyValues("cometchat.rest-api-key=${COMETCHAT_REST_API_KEY_NOT_SET_ANYWHERE}",
                "cometchat.token-cache.encryption-key=" + CACHE_KEY).run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("cometchat.rest-api-key")
                        .hasMessageContaining("set the environment variable or property COMETCHAT_REST_API_KEY_NOT_SET_ANYWHERE");
                });
    }

    @Test
    void startWhenCacheKeyPlaceholderUnresolvedThenFailsNamingItNotSayingBase64() {
        this.runner.withPropertyValues("cometchat.rest-api-key=" + KEY,
                "cometchat.token-cache.encryption-key=${CACHE_KEY_NOT_SET_ANYWHERE}").run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("cometchat.token-cache.encryption-key")
                        .hasMessageContaining("CACHE_KEY_NOT_SET_ANYWHERE")
                        .hasMessageNotContaining("base64");
                });
    }

    @Test
    void startWhenRouteArgumentPlaceholderUnresolvedThenFailsNamingIt() {
        this.runner.withPropertyValues("cometchat.rest-api-key=" + KEY, "cometchat.token-cache.encryption-key=" + CACHE_KEY,
                "spring.cloud.gateway.server.webflux.routes[0].id=other",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].name=CometChatToken",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.restApiKey=${OTHER_KEY_NOT_SET_ANYWHERE}")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("routes[0].filters[0].args.restApiKey")
                    .hasMessageContaining("OTHER_KEY_NOT_SET_ANYWHERE");
            });
    }

    @Test
    void startWhenPlaceholdersResolveOrHaveDefaultsThenStarts() {
        this.runner.withPropertyValues("the.real.key=" + KEY, "cometchat.rest-api-key=${the.real.key}",
                "cometchat.token-cache.encryption-key=${UNSET_BUT_DEFAULTED:" + CACHE_KEY + "}",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.regexp=/$\\{segment}")
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void startWhenFailingThenNoValueIsQuoted() {
        this.runner.withPropertyValues("cometchat.rest-api-key=" + KEY + "${PART_NOT_SET_ANYWHERE}",
                "cometchat.token-cache.encryption-key=" + CACHE_KEY).run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("PART_NOT_SET_ANYWHERE")
                        .hasMessageNotContaining(KEY.substring(0, 8));
                });
    }

    @Test
    void startWhenUserRouteArgumentPlaceholderUnresolvedThenFailsNamingIt() {
        this.runner.withPropertyValues("cometchat.rest-api-key=" + KEY, "cometchat.token-cache.encryption-key=" + CACHE_KEY,
                "spring.cloud.gateway.server.webflux.routes[0].id=users",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].name=StripPrefix",
                "spring.cloud.gateway.server.webflux.routes[0].filters[1].name=CometChatUser",
                "spring.cloud.gateway.server.webflux.routes[0].filters[1].args.appId=${USER_APP_NOT_SET_ANYWHERE}")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("routes[0].filters[1].args.appId")
                    .hasMessageContaining("USER_APP_NOT_SET_ANYWHERE");
            });
    }

    @Test
    void startWhenAnotherFiltersArgumentHoldsAPlaceholderThenStarts() {
        // Not CometGate's filters: their arguments are theirs to interpret, in the long and in the shortcut form.
        this.runner.withPropertyValues("cometchat.rest-api-key=" + KEY, "cometchat.token-cache.encryption-key=" + CACHE_KEY,
                "spring.cloud.gateway.server.webflux.routes[0].id=other",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].name=AddRequestHeader",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.name=X-Tenant",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.value=${TENANT_NOT_SET_ANYWHERE}",
                "spring.cloud.gateway.server.webflux.routes[0].filters[1]=AddResponseHeader=X-Build,${BUILD_NOT_SET_ANYWHERE}",
                "spring.cloud.gateway.server.webflux.default-filters[0]=AddRequestHeader=X-Env,${ENV_NOT_SET_ANYWHERE}")
            .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void startWhenCometGateShortcutFilterHoldsAPlaceholderThenFails() {
        this.runner.withPropertyValues("cometchat.rest-api-key=" + KEY, "cometchat.token-cache.encryption-key=" + CACHE_KEY,
                "spring.cloud.gateway.server.webflux.default-filters[0]=RequireHttps=${SHORTCUT_NOT_SET_ANYWHERE}")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("default-filters[0]")
                    .hasMessageContaining("SHORTCUT_NOT_SET_ANYWHERE");
            });
    }

    @Test
    void startWhenCometGateIsOffThenNothingIsChecked() {
        // An application that carries the library but turned it off: its placeholders are not CometGate's business.
        this.runner.withPropertyValues("cometchat.enabled=false",
                "cometchat.rest-api-key=${COMETCHAT_REST_API_KEY_NOT_SET_ANYWHERE}",
                "spring.cloud.gateway.server.webflux.routes[0].id=other",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].name=CometChatToken",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.restApiKey=${OTHER_KEY_NOT_SET_ANYWHERE}")
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(UnresolvedPlaceholderCheck.class);
            });
    }

}
