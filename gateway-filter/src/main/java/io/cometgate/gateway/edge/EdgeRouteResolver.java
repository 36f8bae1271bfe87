package io.cometgate.gateway.edge;

import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.config.CometChatProperties;
import io.cometgate.gateway.config.RateLimitProperties;
import io.cometgate.gateway.ratelimit.LimitPolicy;
import io.cometgate.gateway.ratelimit.LimitSpec;
import io.cometgate.gateway.ratelimit.RedisFailurePolicy;
import io.cometgate.gateway.uid.UidPolicy;

import java.util.List;

/**
 * Resolves a route's settings: each argument the route sets wins over the global {@code cometchat.*} property.
 * Invalid arguments fail when the route is built, with the argument's name.
 */
public final class EdgeRouteResolver {

    private final CometChatProperties properties;

    private final CometChatClient client;

    public EdgeRouteResolver(CometChatProperties properties, CometChatClient client) {
        this.properties = properties;
        this.client = client;
    }

    /**
     * @param arguments the route's arguments
     * @return the route's settings
     */
    public EdgeRoute resolve(RouteArguments arguments) {
        CometChatApp app = CometChatApp.of(orDefault(arguments.appId(), this.properties.getAppId()),
                orDefault(arguments.region(), this.properties.getRegion()),
                orDefault(arguments.restApiKey(), this.properties.getRestApiKey()),
                orDefault(arguments.baseUrl(), this.properties.getBaseUrl()));
        UidPolicy uidPolicy = UidPolicy.of(orDefault(arguments.uidClaim(), this.properties.getUid().getClaim()),
                orDefault(arguments.uidPrefix(), this.properties.getUid().getPrefix()));
        RateLimitProperties rateLimit = this.properties.getRateLimit();
        List<LimitSpec> limits = rateLimit.isEnabled()
                ? LimitSpec.parseList(orDefault(arguments.perUserLimits(), rateLimit.getPerUser())) : List.of();
        LimitPolicy userLimit = limits.isEmpty() ? null : LimitPolicy.of("per-user", limits);
        RedisFailurePolicy onRedisFailure = orDefault(arguments.redisFailure(), rateLimit.getRedisFailure());
        return new EdgeRoute(this.client.forApp(app), uidPolicy, userLimit, onRedisFailure);
    }

    /** A route's value when it sets one, else the global one. */
    public static <T> T orDefault(T routeValue, T globalValue) {
        return (routeValue != null) ? routeValue : globalValue;
    }

    /**
     * The arguments every CometGate route takes; {@code null} means "use the global property".
     *
     * @param appId the CometChat app
     * @param region its region
     * @param restApiKey its REST API key
     * @param baseUrl its REST API base URL
     * @param uidClaim the claim UIDs are derived from
     * @param uidPrefix the UID prefix
     * @param perUserLimits the per-user limits, such as {@code 10/1m, 60/1h}, or {@code none}
     * @param redisFailure what the per-user limit does without Redis
     */
    public record RouteArguments(String appId, String region, String restApiKey, String baseUrl, String uidClaim,
            String uidPrefix, String perUserLimits, RedisFailurePolicy redisFailure) {
    }

}
