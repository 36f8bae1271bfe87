package io.cometgate.gateway.filter.factory;

import java.util.List;
import java.util.function.Consumer;

import org.springframework.util.Assert;

import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.config.CometChatProperties;
import io.cometgate.gateway.config.RateLimitProperties;
import io.cometgate.gateway.internal.edge.EdgeRoute;
import io.cometgate.gateway.internal.ratelimit.LimitPolicy;
import io.cometgate.gateway.internal.ratelimit.LimitSpec;
import io.cometgate.gateway.uid.UidPolicy;

/**
 * The one place where a route's arguments meet the global {@code cometchat.*} properties: each argument the route
 * sets wins, as {@code getOrDefault(config.x, this.x)} in Spring Cloud Gateway's own factories. Called once, when a
 * route is built; invalid arguments fail then, with the argument's name.
 */
public final class RouteSettingsResolver {

    private final CometChatProperties properties;

    private final CometChatClient client;

    private final Consumer<CometChatApp> appsInUse;

    public RouteSettingsResolver(CometChatProperties properties, CometChatClient client) {
        this(properties, client, (app) -> {
        });
    }

    /**
     * @param properties the global settings
     * @param client the global app's client
     * @param appsInUse told each route's app as the route is built (the health checks watch it)
     */
    public RouteSettingsResolver(CometChatProperties properties, CometChatClient client,
            Consumer<CometChatApp> appsInUse) {
        Assert.notNull(properties, "properties cannot be null");
        Assert.notNull(client, "client cannot be null");
        Assert.notNull(appsInUse, "appsInUse cannot be null");
        this.properties = properties;
        this.client = client;
        this.appsInUse = appsInUse;
    }

    /**
     * @param config the route's arguments
     * @return what every CometGate route needs: its app's client, how UIDs are derived, its per-user limit
     */
    public EdgeRoute route(CometGateRouteConfig<?> config) {
        CometChatApp app = CometChatApp.of(getOrDefault(config.getAppId(), this.properties.getAppId()),
                getOrDefault(config.getRegion(), this.properties.getRegion()),
                getOrDefault(config.getRestApiKey(), this.properties.getRestApiKey()),
                getOrDefault(config.getBaseUrl(), this.properties.getBaseUrl()));
        this.appsInUse.accept(app);
        UidPolicy uidPolicy = UidPolicy.of(getOrDefault(config.getUidClaim(), this.properties.getUid().getClaim()),
                getOrDefault(config.getUidPrefix(), this.properties.getUid().getPrefix()));
        RateLimitProperties rateLimit = this.properties.getRateLimit();
        // One way to say "off": the enabled flag. LimitSpec still reads "none" as no limit, so it is refused here.
        Assert.isTrue(config.getPerUserLimits() == null || !config.getPerUserLimits().strip().equalsIgnoreCase("none"),
                "perUserLimits: 'none' is no longer accepted; set perUserLimitsEnabled: false");
        boolean limited = rateLimit.isEnabled()
                && getOrDefault(config.getPerUserLimitsEnabled(), rateLimit.isPerUserEnabled());
        List<LimitSpec> limits = limited
                ? LimitSpec.parseList(getOrDefault(config.getPerUserLimits(), rateLimit.getPerUser())) : List.of();
        LimitPolicy userLimit = limits.isEmpty() ? null : LimitPolicy.of("per-user", limits);
        return new EdgeRoute(this.client.forApp(app), uidPolicy, userLimit,
                getOrDefault(config.getRedisFailure(), rateLimit.getRedisFailure()));
    }

    /**
     * @param config the token route's arguments
     * @return the token route's settings
     */
    TokenRoute tokenRoute(CometChatTokenGatewayFilterFactory.Config config) {
        return new TokenRoute(route(config),
                getOrDefault(config.getProvisionUsers(), this.properties.getProvisioning().isEnabled()),
                getOrDefault(config.getIncludeAppInfo(), this.properties.getTokenResponse().isIncludeAppInfo()),
                getOrDefault(config.getLogoutRevokes(), this.properties.getLogout().getRevoke()));
    }

    private static <T> T getOrDefault(T routeValue, T globalValue) {
        return (routeValue != null) ? routeValue : globalValue;
    }

}
