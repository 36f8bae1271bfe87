package io.cometgate.gateway.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.cometgate.gateway.client.Secrets;
import io.cometgate.gateway.token.LogoutScope;

/**
 * Settings of the CometChat app the gateway mints tokens for, and of how it does so. Routes can override the app
 * ({@code appId}, {@code region}, {@code restApiKey}, {@code baseUrl}) so that one gateway serves several apps.
 * <p>
 * Validated at start-up ({@link CometChatPropertiesValidator}): a missing app id, region or key fails the start with
 * the name of the property to set. The larger groups have classes of their own: {@link RetryProperties},
 * {@link RateLimitProperties}, {@link TokenCacheProperties}, {@link RedisUsageProperties},
 * {@link UpstreamPauseProperties}.
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
     * Oldest a user's CometChat token may be: after each new mint for a user, that user's older tokens are revoked
     * (within the upstream budget). A duration such as 7d, or none to let tokens live until revoked otherwise. The
     * token cache's TTL may not exceed it.
     */
    private String tokenMaxAge = "7d";

    @NestedConfigurationProperty
    private final RetryProperties retry = new RetryProperties();

    private final Uid uid = new Uid();

    private final Provisioning provisioning = new Provisioning();

    private final TokenResponse tokenResponse = new TokenResponse();

    @NestedConfigurationProperty
    private final RateLimitProperties rateLimit = new RateLimitProperties();

    @NestedConfigurationProperty
    private final TokenCacheProperties tokenCache = new TokenCacheProperties();

    @NestedConfigurationProperty
    private final UpstreamPauseProperties upstreamPause = new UpstreamPauseProperties();

    @NestedConfigurationProperty
    private final RedisUsageProperties redis = new RedisUsageProperties();

    private final Logout logout = new Logout();

    private final Audit audit = new Audit();

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

    public String getTokenMaxAge() {
        return this.tokenMaxAge;
    }

    public void setTokenMaxAge(String tokenMaxAge) {
        this.tokenMaxAge = tokenMaxAge;
    }

    /**
     * {@link #getTokenMaxAge()} as a duration.
     * @return the maximum age, or {@code null} for {@code none}
     * @throws IllegalArgumentException when it is neither a positive duration nor {@code none}
     */
    public Duration tokenMaxAgeOrNull() {
        String value = (this.tokenMaxAge != null) ? this.tokenMaxAge.trim() : "";
        if (value.equalsIgnoreCase("none")) {
            return null;
        }
        Duration parsed;
        try {
            parsed = DurationStyle.detectAndParse(value);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("'" + value + "' is neither a duration (such as 7d) nor none");
        }
        if (parsed.compareTo(Duration.ZERO) <= 0) {
            throw new IllegalArgumentException("it must be positive, or none");
        }
        return parsed;
    }

    public RetryProperties getRetry() {
        return this.retry;
    }

    public Uid getUid() {
        return this.uid;
    }

    public Provisioning getProvisioning() {
        return this.provisioning;
    }

    public TokenResponse getTokenResponse() {
        return this.tokenResponse;
    }

    public RateLimitProperties getRateLimit() {
        return this.rateLimit;
    }

    public TokenCacheProperties getTokenCache() {
        return this.tokenCache;
    }

    public Logout getLogout() {
        return this.logout;
    }

    public Audit getAudit() {
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

    /** How CometChat UIDs are derived from the authenticated principal. */
    public static class Uid {

        /** Claim of the validated token that holds the subject the UID is derived from. */
        private String claim = "sub";

        /**
         * Prefix of every UID, for example to keep several gateways' users apart in one app. Lowercase
         * [a-z0-9_-], no '__', not ending in '_', at most 23 characters; the gateway adds the separator '__'.
         */
        private String prefix = "";

        public String getClaim() {
            return this.claim;
        }

        public void setClaim(String claim) {
            this.claim = claim;
        }

        public String getPrefix() {
            return this.prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

    }

    /** Creation of CometChat users on first login. */
    public static class Provisioning {

        /** Whether to create the CometChat user on first login (display name and avatar from the token's claims). */
        private boolean enabled = true;

        /**
         * Whether a deactivated user's login reactivates it and mints its token. Off by default: deactivation is
         * usually a moderator's decision, and the login is answered 403 CHAT_USER_DEACTIVATED.
         */
        private boolean reactivateDeactivated = false;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isReactivateDeactivated() {
            return this.reactivateDeactivated;
        }

        public void setReactivateDeactivated(boolean reactivateDeactivated) {
            this.reactivateDeactivated = reactivateDeactivated;
        }

    }

    /** The audit log ({@code io.cometgate.audit}). */
    public static class Audit {

        /**
         * Whether a token request answered from the token cache (outcome CACHED) writes an audit line. With false
         * they are only counted (cometgate.requests, outcome CACHED); mints, logouts, refusals and errors are always
         * written.
         */
        private boolean cachedHandOuts = true;

        public boolean isCachedHandOuts() {
            return this.cachedHandOuts;
        }

        public void setCachedHandOuts(boolean cachedHandOuts) {
            this.cachedHandOuts = cachedHandOuts;
        }

    }

    /** Logout on the token route ({@code DELETE}). */
    public static class Logout {

        /** What a logout revokes at CometChat: cached-token or all-tokens. */
        private LogoutScope revoke = LogoutScope.CACHED_TOKEN;

        public LogoutScope getRevoke() {
            return this.revoke;
        }

        public void setRevoke(LogoutScope revoke) {
            this.revoke = revoke;
        }

    }

    /** The token route's JSON answer. */
    public static class TokenResponse {

        /** Whether the answer includes appId and region, which the frontend needs to initialise the CometChat SDK. */
        private boolean includeAppInfo = true;

        public boolean isIncludeAppInfo() {
            return this.includeAppInfo;
        }

        public void setIncludeAppInfo(boolean includeAppInfo) {
            this.includeAppInfo = includeAppInfo;
        }

    }

}
