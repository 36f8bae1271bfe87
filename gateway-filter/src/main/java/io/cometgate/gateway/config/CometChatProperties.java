package io.cometgate.gateway.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.cometgate.gateway.client.Secrets;

/**
 * Settings of the CometChat app the gateway mints tokens for, and of how it does so. Routes can override the app
 * ({@code appId}, {@code region}, {@code restApiKey}, {@code baseUrl}) so that one gateway serves several apps.
 * <p>
 * Validated at start-up ({@link CometChatPropertiesValidator}): a missing app id, region or key fails the start with
 * the name of the property to set. Each group ({@code cometchat.<group>.*}) is a class of its own:
 * {@link RetryProperties}, {@link UidProperties}, {@link ProvisioningProperties}, {@link TokenResponseProperties},
 * {@link RateLimitProperties}, {@link TokenCacheProperties}, {@link UpstreamPauseProperties},
 * {@link RedisUsageProperties}, {@link LogoutProperties}, {@link AuditProperties}.
 * <p>
 * One way to say "off": a feature is turned off by a boolean ({@code enabled}, {@code revoke-aged-tokens}), never by
 * a magic value such as {@code none} or {@code 0}; a duration left unset takes the documented fallback.
 */
@ConfigurationProperties("cometchat")
public class CometChatProperties implements Validator {

    /** CometChat app id, from the dashboard's "API & Auth Keys" page. */
    private String appId;

    /** Region of the app: us, eu or in. */
    private String region;

    /** REST API key of the app (full access). Set it from the environment or a secret store, never in source. */
    private String restApiKey;

    /**
     * Base URL of the REST API v3. Defaults to https://{app-id}.api-{region}.cometchat.io/v3; set it for the
     * emulator or an egress proxy.
     */
    private String baseUrl;

    /** Time to establish a connection to CometChat. */
    private Duration connectTimeout = Duration.ofSeconds(2);

    /** Time for one CometChat call, from sending it to the decoded answer. */
    private Duration responseTimeout = Duration.ofSeconds(5);

    /**
     * Time every CometChat call of one gateway request may take in all (a first login's mint, user creation and
     * their retries), from the request's arrival; past it the request is answered 504 COMETCHAT_TIMEOUT and no
     * further call is sent.
     */
    private Duration requestTimeout = Duration.ofSeconds(5);

    /**
     * Whether each new mint for a user revokes that user's tokens older than token-max-age (within the upstream
     * budget). With false, tokens live until revoked otherwise (logout, or CometChat's limit of 100 per user).
     */
    private boolean revokeAgedTokens = true;

    /**
     * Oldest a user's CometChat token may be when revoke-aged-tokens is on. The token cache's TTL may not exceed
     * it.
     */
    private Duration tokenMaxAge = Duration.ofDays(7);

    @NestedConfigurationProperty
    private final RetryProperties retry = new RetryProperties();

    @NestedConfigurationProperty
    private final UidProperties uid = new UidProperties();

    @NestedConfigurationProperty
    private final ProvisioningProperties provisioning = new ProvisioningProperties();

    @NestedConfigurationProperty
    private final TokenResponseProperties tokenResponse = new TokenResponseProperties();

    @NestedConfigurationProperty
    private final RateLimitProperties rateLimit = new RateLimitProperties();

    @NestedConfigurationProperty
    private final TokenCacheProperties tokenCache = new TokenCacheProperties();

    @NestedConfigurationProperty
    private final UpstreamPauseProperties upstreamPause = new UpstreamPauseProperties();

    @NestedConfigurationProperty
    private final RedisUsageProperties redis = new RedisUsageProperties();

    @NestedConfigurationProperty
    private final LogoutProperties logout = new LogoutProperties();

    @NestedConfigurationProperty
    private final AuditProperties audit = new AuditProperties();

    public String getAppId() {
        return this.appId;
    }

    public void setAppId(String appId) {
        this.appId = appId;
    }

    public String getRegion() {
        return this.region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getRestApiKey() {
        return this.restApiKey;
    }

    public void setRestApiKey(String restApiKey) {
        this.restApiKey = restApiKey;
    }

    public String getBaseUrl() {
        return this.baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getResponseTimeout() {
        return this.responseTimeout;
    }

    public void setResponseTimeout(Duration responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public Duration getRequestTimeout() {
        return this.requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public boolean isRevokeAgedTokens() {
        return this.revokeAgedTokens;
    }

    public void setRevokeAgedTokens(boolean revokeAgedTokens) {
        this.revokeAgedTokens = revokeAgedTokens;
    }

    public Duration getTokenMaxAge() {
        return this.tokenMaxAge;
    }

    public void setTokenMaxAge(Duration tokenMaxAge) {
        this.tokenMaxAge = tokenMaxAge;
    }

    public RetryProperties getRetry() {
        return this.retry;
    }

    public UidProperties getUid() {
        return this.uid;
    }

    public ProvisioningProperties getProvisioning() {
        return this.provisioning;
    }

    public TokenResponseProperties getTokenResponse() {
        return this.tokenResponse;
    }

    public RateLimitProperties getRateLimit() {
        return this.rateLimit;
    }

    public TokenCacheProperties getTokenCache() {
        return this.tokenCache;
    }

    public LogoutProperties getLogout() {
        return this.logout;
    }

    public AuditProperties getAudit() {
        return this.audit;
    }

    public UpstreamPauseProperties getUpstreamPause() {
        return this.upstreamPause;
    }

    public RedisUsageProperties getRedis() {
        return this.redis;
    }

    @Override
    public boolean supports(Class<?> clazz) {
        return CometChatProperties.class.isAssignableFrom(clazz);
    }

    @Override
    public void validate(Object target, Errors errors) {
        // Spring Boot validates a properties class that is its own Validator; the rules live apart from the data.
        CometChatPropertiesValidator.validate((CometChatProperties) target, errors);
    }

    @Override
    public String toString() {
        return "CometChatProperties[appId=" + this.appId + ", region=" + this.region + ", restApiKey="
                + Secrets.mask(this.restApiKey) + ", baseUrl=" + this.baseUrl + "]";
    }

}
