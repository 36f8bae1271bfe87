package io.cometgate.gateway.filter.factory;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClient;

import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.config.CometChatProperties;
import io.cometgate.gateway.internal.edge.EdgeRoute;
import io.cometgate.gateway.config.RedisFailurePolicy;
import io.cometgate.gateway.config.LogoutScope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RouteSettingsResolverTests {

    private static final String KEY = "0123456789abcdef0123456789abcdef01234567";

    private final CometChatProperties properties = new CometChatProperties();

    private final RouteSettingsResolver resolver;

    RouteSettingsResolverTests() {
        this.properties.setAppId("global-app");
        this.properties.setRegion("eu");
        this.properties.setRestApiKey(KEY);
        this.properties.getUid().setClaim("sub");
        this.properties.getRateLimit().setPerUser("10/1m");
        this.properties.getProvisioning().setEnabled(true);
        this.properties.getTokenResponse().setIncludeAppInfo(true);
        this.properties.getLogout().setRevoke(LogoutScope.CACHED_TOKEN);
        CometChatClient client = new CometChatClient(WebClient.create(),
                CometChatApp.of("global-app", "eu", KEY, null), Duration.ofSeconds(1));
        this.resolver = new RouteSettingsResolver(this.properties, client);
    }

    @Test
    void tokenRouteWhenNothingSetThenEveryGlobalDefault() {
        TokenRoute route = this.resolver.tokenRoute(new CometChatTokenGatewayFilterFactory.Config());
        assertThat(route.edge().app().appId()).isEqualTo("global-app");
        assertThat(route.edge().uidPolicy().claim()).isEqualTo("sub");
        assertThat(route.edge().userLimit().limits()).hasSize(1);
        assertThat(route.edge().onRedisFailure()).isEqualTo(RedisFailurePolicy.FAIL_OPEN);
        assertThat(route.provisionUsers()).isTrue();
        assertThat(route.includeAppInfo()).isTrue();
        assertThat(route.logoutRevokes()).isEqualTo(LogoutScope.CACHED_TOKEN);
    }

    @Test
    void tokenRouteWhenRouteSetsValuesThenTheyWin() {
        // The setters chain across the base class and the subclass.
        CometChatTokenGatewayFilterFactory.Config config = new CometChatTokenGatewayFilterFactory.Config()
            .setAppId("route-app")
            .setUidClaim("email")
            .setPerUserLimitsEnabled(false)
            .setRedisFailure(RedisFailurePolicy.FAIL_CLOSED)
            .setProvisionUsers(false)
            .setIncludeAppInfo(false)
            .setLogoutRevokes(LogoutScope.ALL_TOKENS);
        TokenRoute route = this.resolver.tokenRoute(config);
        assertThat(route.edge().app().appId()).isEqualTo("route-app");
        assertThat(route.edge().app().region()).isEqualTo("eu");
        assertThat(route.edge().uidPolicy().claim()).isEqualTo("email");
        assertThat(route.edge().userLimit()).isNull();
        assertThat(route.edge().onRedisFailure()).isEqualTo(RedisFailurePolicy.FAIL_CLOSED);
        assertThat(route.provisionUsers()).isFalse();
        assertThat(route.includeAppInfo()).isFalse();
        assertThat(route.logoutRevokes()).isEqualTo(LogoutScope.ALL_TOKENS);
    }

    @Test
    void routeWhenPerUserLimitsOffGloballyThenARouteCanTurnThemBackOn() {
        this.properties.getRateLimit().setPerUserEnabled(false);
        assertThat(this.resolver.route(new CometChatUserGatewayFilterFactory.Config()).userLimit()).isNull();
        EdgeRoute limited = this.resolver
            .route(new CometChatUserGatewayFilterFactory.Config().setPerUserLimitsEnabled(true).setPerUserLimits("5/1m"));
        assertThat(limited.userLimit().limits()).hasSize(1);
    }

    @Test
    void routeWhenPerUserLimitsSpelledNoneThenRefusedNamingTheFlag() {
        // One spelling of "off": the flag. "none" used to mean the same and is refused, not silently read.
        assertThatIllegalArgumentException()
            .isThrownBy(() -> this.resolver.route(new CometChatUserGatewayFilterFactory.Config().setPerUserLimits("none")))
            .withMessageContaining("perUserLimitsEnabled: false");
    }

    @Test
    void routeWhenRateLimitsOffThenNoUserLimitWhateverTheRouteSays() {
        this.properties.getRateLimit().setEnabled(false);
        EdgeRoute route = this.resolver.route(new CometChatUserGatewayFilterFactory.Config().setPerUserLimits("5/1m"));
        assertThat(route.userLimit()).isNull();
    }

}
