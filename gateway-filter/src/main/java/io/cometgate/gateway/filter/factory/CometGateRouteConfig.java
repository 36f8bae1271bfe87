package io.cometgate.gateway.filter.factory;

import io.cometgate.gateway.client.Secrets;
import io.cometgate.gateway.config.RedisFailurePolicy;

/**
 * The route arguments every CometGate filter takes. Every one is optional: unset ({@code null}) means the global
 * {@code cometchat.*} property ({@link RouteSettingsResolver}), so that one gateway can serve several CometChat apps
 * with different settings. The setters chain, in subclasses too: {@code C} is the subclass.
 *
 * @param <C> the route's own config class
 */
public abstract class CometGateRouteConfig<C extends CometGateRouteConfig<C>> {

    private String appId;

    private String region;

    private String restApiKey;

    private String baseUrl;

    private String uidClaim;

    private String uidPrefix;

    private String perUserLimits;

    private Boolean perUserLimitsEnabled;

    private RedisFailurePolicy redisFailure;

    public String getAppId() {
        return this.appId;
    }

    /** The CometChat app of this route. Defaults to {@code cometchat.app-id}. */
    public C setAppId(String appId) {
        this.appId = appId;
        return self();
    }

    public String getRegion() {
        return this.region;
    }

    /** The region of this route's app. Defaults to {@code cometchat.region}. */
    public C setRegion(String region) {
        this.region = region;
        return self();
    }

    public String getRestApiKey() {
        return this.restApiKey;
    }

    /** The REST API key of this route's app. Defaults to {@code cometchat.rest-api-key}. */
    public C setRestApiKey(String restApiKey) {
        this.restApiKey = restApiKey;
        return self();
    }

    public String getBaseUrl() {
        return this.baseUrl;
    }

    /** The REST API base URL of this route's app. Defaults to {@code cometchat.base-url}. */
    public C setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
        return self();
    }

    public String getUidClaim() {
        return this.uidClaim;
    }

    /** The claim the UID is derived from. Defaults to {@code cometchat.uid.claim}. */
    public C setUidClaim(String uidClaim) {
        this.uidClaim = uidClaim;
        return self();
    }

    public String getUidPrefix() {
        return this.uidPrefix;
    }

    /** The UID prefix. Defaults to {@code cometchat.uid.prefix}. */
    public C setUidPrefix(String uidPrefix) {
        this.uidPrefix = uidPrefix;
        return self();
    }

    public String getPerUserLimits() {
        return this.perUserLimits;
    }

    /** Per-user limits, such as {@code 10/1m, 60/1h}. Defaults to {@code cometchat.rate-limit.per-user}. */
    public C setPerUserLimits(String perUserLimits) {
        this.perUserLimits = perUserLimits;
        return self();
    }

    public Boolean getPerUserLimitsEnabled() {
        return this.perUserLimitsEnabled;
    }

    /**
     * Whether this route limits each user's requests. Defaults to {@code cometchat.rate-limit.per-user-enabled};
     * {@code cometchat.rate-limit.enabled=false} turns every limit off whatever a route says.
     */
    public C setPerUserLimitsEnabled(Boolean perUserLimitsEnabled) {
        this.perUserLimitsEnabled = perUserLimitsEnabled;
        return self();
    }

    public RedisFailurePolicy getRedisFailure() {
        return this.redisFailure;
    }

    /** What the per-user limit does without Redis. Defaults to {@code cometchat.rate-limit.redis-failure}. */
    public C setRedisFailure(RedisFailurePolicy redisFailure) {
        this.redisFailure = redisFailure;
        return self();
    }

    @SuppressWarnings("unchecked")
    private C self() {
        return (C) this;
    }

    @Override
    public String toString() {
        // Route definitions are shown by the gateway's actuator endpoints: never the key.
        return getClass().getSimpleName() + "[appId=" + this.appId + ", region=" + this.region + ", restApiKey="
                + ((this.restApiKey != null) ? Secrets.mask(this.restApiKey) : null) + ", baseUrl=" + this.baseUrl
                + ", uidClaim=" + this.uidClaim + ", uidPrefix=" + this.uidPrefix + ", perUserLimits="
                + this.perUserLimits + ", perUserLimitsEnabled=" + this.perUserLimitsEnabled + ", redisFailure="
                + this.redisFailure + "]";
    }

}
