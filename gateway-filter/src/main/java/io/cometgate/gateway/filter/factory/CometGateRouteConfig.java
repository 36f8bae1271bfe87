package io.cometgate.gateway.filter.factory;

import io.cometgate.gateway.client.Secrets;
import io.cometgate.gateway.edge.EdgeRouteResolver.RouteArguments;
import io.cometgate.gateway.ratelimit.RedisFailurePolicy;

/**
 * The route arguments every CometGate filter takes. Every one is optional: unset ({@code null}) means the global
 * {@code cometchat.*} property, so that one gateway can serve several CometChat apps with different settings.
 */
public class CometGateRouteConfig {

    private String appId;

    private String region;

    private String restApiKey;

    private String baseUrl;

    private String uidClaim;

    private String uidPrefix;

    private String perUserLimits;

    private RedisFailurePolicy redisFailure;

    RouteArguments toArguments() {
        return new RouteArguments(this.appId, this.region, this.restApiKey, this.baseUrl, this.uidClaim,
                this.uidPrefix, this.perUserLimits, this.redisFailure);
    }

    public String getAppId() {
        return this.appId;
    }

    /** The CometChat app of this route. Defaults to {@code cometchat.app-id}. */
    public CometGateRouteConfig setAppId(String appId) {
        this.appId = appId;
        return this;
    }

    public String getRegion() {
        return this.region;
    }

    /** The region of this route's app. Defaults to {@code cometchat.region}. */
    public CometGateRouteConfig setRegion(String region) {
        this.region = region;
        return this;
    }

    public String getRestApiKey() {
        return this.restApiKey;
    }

    /** The REST API key of this route's app. Defaults to {@code cometchat.rest-api-key}. */
    public CometGateRouteConfig setRestApiKey(String restApiKey) {
        this.restApiKey = restApiKey;
        return this;
    }

    public String getBaseUrl() {
        return this.baseUrl;
    }

    /** The REST API base URL of this route's app. Defaults to {@code cometchat.base-url}. */
    public CometGateRouteConfig setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
        return this;
    }

    public String getUidClaim() {
        return this.uidClaim;
    }

    /** The claim the UID is derived from. Defaults to {@code cometchat.uid.claim}. */
    public CometGateRouteConfig setUidClaim(String uidClaim) {
        this.uidClaim = uidClaim;
        return this;
    }

    public String getUidPrefix() {
        return this.uidPrefix;
    }

    /** The UID prefix. Defaults to {@code cometchat.uid.prefix}. */
    public CometGateRouteConfig setUidPrefix(String uidPrefix) {
        this.uidPrefix = uidPrefix;
        return this;
    }

    public String getPerUserLimits() {
        return this.perUserLimits;
    }

    /** Per-user limits, such as {@code 10/1m, 60/1h}, or {@code none}. Defaults to {@code cometchat.rate-limit.per-user}. */
    public CometGateRouteConfig setPerUserLimits(String perUserLimits) {
        this.perUserLimits = perUserLimits;
        return this;
    }

    public RedisFailurePolicy getRedisFailure() {
        return this.redisFailure;
    }

    /** What the per-user limit does without Redis. Defaults to {@code cometchat.rate-limit.redis-failure}. */
    public CometGateRouteConfig setRedisFailure(RedisFailurePolicy redisFailure) {
        this.redisFailure = redisFailure;
        return this;
    }

    @Override
    public String toString() {
        // Route definitions are shown by the gateway's actuator endpoints: never the key.
        return getClass().getSimpleName() + "[appId=" + this.appId + ", region=" + this.region + ", restApiKey="
                + ((this.restApiKey != null) ? Secrets.mask(this.restApiKey) : null) + ", baseUrl=" + this.baseUrl
                + ", uidClaim=" + this.uidClaim + ", uidPrefix=" + this.uidPrefix + ", perUserLimits="
                + this.perUserLimits + ", redisFailure=" + this.redisFailure + "]";
    }

}
