package io.cometgate.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.cometgate.gateway.client.RetrySettings;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.Secrets;
import io.cometgate.gateway.ratelimit.LimitSpec;
import io.cometgate.gateway.ratelimit.RedisFailurePolicy;
import io.cometgate.gateway.token.LogoutScope;
import io.cometgate.gateway.uid.CometChatUidMapper;

/**
 * Settings of the CometChat app the gateway mints tokens for, and of how it does so. Routes can override the app
 * ({@code appId}, {@code region}, {@code restApiKey}, {@code baseUrl}) so that one gateway serves several apps.
 * <p>
 * Validated at start-up: a missing app id, region or key fails the start with the name of the property to set.
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

    private final Retry retry = new Retry();

    private final Uid uid = new Uid();

    private final Provisioning provisioning = new Provisioning();

    private final TokenResponse tokenResponse = new TokenResponse();

    private final RateLimit rateLimit = new RateLimit();

    private final TokenCache tokenCache = new TokenCache();

    private final Logout logout = new Logout();

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

    public Retry getRetry() {
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

    public RateLimit getRateLimit() {
        return this.rateLimit;
    }

    public TokenCache getTokenCache() {
        return this.tokenCache;
    }

    public Logout getLogout() {
        return this.logout;
    }

    @Override
    public boolean supports(Class<?> clazz) {
        return CometChatProperties.class.isAssignableFrom(clazz);
    }

    @Override
    public void validate(Object target, Errors errors) {
        CometChatProperties properties = (CometChatProperties) target;
        if (!StringUtils.hasText(properties.appId)) {
            errors.rejectValue("appId", "required",
                    "Set cometchat.app-id to the CometChat app id (dashboard, API & Auth Keys).");
        }
        else if (!CometChatApp.isHostLabel(properties.appId)) {
            errors.rejectValue("appId", "invalid", "cometchat.app-id must contain only letters, digits and '-'.");
        }
        if (!StringUtils.hasText(properties.region)) {
            errors.rejectValue("region", "required", "Set cometchat.region to the app's region: us, eu or in.");
        }
        else if (!CometChatApp.isHostLabel(properties.region)) {
            errors.rejectValue("region", "invalid", "cometchat.region must be a region such as us, eu or in.");
        }
        if (!StringUtils.hasText(properties.restApiKey)) {
            // Rejecting a blank value prints nothing secret; a set key is never rejected, so never echoed.
            errors.rejectValue("restApiKey", "required",
                    "Set cometchat.rest-api-key to the app's REST API key (full access), for example from the "
                            + "COMETCHAT_REST_API_KEY environment variable.");
        }
        if (properties.connectTimeout == null || !(properties.connectTimeout.compareTo(Duration.ZERO) > 0)) {
            errors.rejectValue("connectTimeout", "invalid", "cometchat.connect-timeout must be positive.");
        }
        if (properties.responseTimeout == null || !(properties.responseTimeout.compareTo(Duration.ZERO) > 0)) {
            errors.rejectValue("responseTimeout", "invalid", "cometchat.response-timeout must be positive.");
        }
        validateRetry(properties.retry, errors);
        if (!StringUtils.hasText(properties.uid.claim)) {
            errors.rejectValue("uid.claim", "required", "cometchat.uid.claim must name a claim, such as sub.");
        }
        if (properties.uid.prefix != null && !CometChatUidMapper.isValidPrefix(properties.uid.prefix)) {
            errors.rejectValue("uid.prefix", "invalid", "cometchat.uid.prefix must be " + CometChatUidMapper.PREFIX_RULE + ".");
        }
        validateLimits("cometchat.rate-limit.per-user", properties.rateLimit.perUser, errors, "rateLimit.perUser");
        validateLimits("cometchat.rate-limit.upstream-budget", properties.rateLimit.upstreamBudget, errors,
                "rateLimit.upstreamBudget");
    }

    private static void validateLimits(String property, String value, Errors errors, String field) {
        try {
            LimitSpec.parseList(value);
        }
        catch (IllegalArgumentException ex) {
            errors.rejectValue(field, "invalid", property + ": " + ex.getMessage());
        }
    }

    @Override
    public String toString() {
        return "CometChatProperties[appId=" + this.appId + ", region=" + this.region + ", restApiKey="
                + Secrets.mask(this.restApiKey) + ", baseUrl=" + this.baseUrl + "]";
    }

    private static void validateRetry(Retry retry, Errors errors) {
        if (retry.maxAttempts < 1) {
            errors.rejectValue("retry.maxAttempts", "invalid",
                    "cometchat.retry.max-attempts must be at least 1 (1 turns retries off).");
        }
        if (!isPositive(retry.firstBackoff)) {
            errors.rejectValue("retry.firstBackoff", "invalid", "cometchat.retry.first-backoff must be positive.");
        }
        else if (retry.maxBackoff == null || retry.maxBackoff.compareTo(retry.firstBackoff) < 0) {
            errors.rejectValue("retry.maxBackoff", "invalid",
                    "cometchat.retry.max-backoff must be at least cometchat.retry.first-backoff.");
        }
        if (!(retry.jitter >= 0 && retry.jitter <= 1)) {
            errors.rejectValue("retry.jitter", "invalid", "cometchat.retry.jitter must be between 0 and 1.");
        }
        if (!isPositive(retry.maxTotalTime)) {
            errors.rejectValue("retry.maxTotalTime", "invalid", "cometchat.retry.max-total-time must be positive.");
        }
    }

    private static boolean isPositive(Duration duration) {
        return duration != null && duration.compareTo(Duration.ZERO) > 0;
    }

    /**
     * Retries of failed CometChat calls: only connection errors and 5xx answers, with exponential backoff and jitter.
     * Never a 4xx (429 included) or a timeout.
     */
    public static class Retry {

        /** Most attempts of one CometChat call, the first included; 1 turns retries off. */
        private int maxAttempts = 3;

        /** Delay before the first retry; each further retry doubles it, up to max-backoff. */
        private Duration firstBackoff = Duration.ofMillis(100);

        /** Longest delay between two attempts. */
        private Duration maxBackoff = Duration.ofSeconds(1);

        /**
         * How far each delay may randomly stray, as a share of it from 0 to 1, so that replicas that failed together
         * do not retry together.
         */
        private double jitter = 0.5;

        /**
         * Bound on one CometChat call, every attempt and delay included; past it the request answers 504. Each
         * attempt is also bounded by connect-timeout plus response-timeout.
         */
        private Duration maxTotalTime = Duration.ofSeconds(10);

        public int getMaxAttempts() {
            return this.maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getFirstBackoff() {
            return this.firstBackoff;
        }

        public void setFirstBackoff(Duration firstBackoff) {
            this.firstBackoff = firstBackoff;
        }

        public Duration getMaxBackoff() {
            return this.maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public double getJitter() {
            return this.jitter;
        }

        public void setJitter(double jitter) {
            this.jitter = jitter;
        }

        public Duration getMaxTotalTime() {
            return this.maxTotalTime;
        }

        public void setMaxTotalTime(Duration maxTotalTime) {
            this.maxTotalTime = maxTotalTime;
        }

        /** These settings for the client; call only once validated. */
        public RetrySettings toSettings() {
            return new RetrySettings(this.maxAttempts, this.firstBackoff, this.maxBackoff, this.jitter,
                    this.maxTotalTime);
        }

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

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

    }

    /**
     * Rate limits. Per user: every token request of a UID, across all replicas. Upstream budget: every call to
     * CometChat of the app, across all replicas.
     */
    public static class RateLimit {

        /** Whether to enforce the limits at all. */
        private boolean enabled = true;

        /**
         * Limits of each user, all of which must allow a request: capacity/period, comma separated, or none. The
         * default lets a user open ten tabs in a minute but not script a token loop, and stays far below the 100
         * active tokens CometChat keeps per user.
         */
        private String perUser = "10/1m, 60/1h";

        /**
         * Calls to CometChat per app and period, shared by all replicas, or none. The default is a fifth of
         * CometChat's 10,000 core operations per minute, leaving room for the app's other servers.
         */
        private String upstreamBudget = "2000/1m";

        /** What the limits do while Redis cannot be reached: fail-open or fail-closed. */
        private RedisFailurePolicy redisFailure = RedisFailurePolicy.FAIL_OPEN;

        /** Bound on one Redis rate-limit operation, compare-and-swap retries included. */
        private Duration redisTimeout = Duration.ofMillis(250);

        /** After a Redis failure, how long to decide without Redis before trying it again. */
        private Duration redisRetryInterval = Duration.ofSeconds(2);

        /** Most compare-and-swap retries of one request on a contended bucket. */
        private int redisMaxRetries = 16;

        /** Prefix of every rate-limit key in Redis. */
        private String keyPrefix = "cometgate:rl:";

        /** Most buckets each replica keeps in memory when deciding without Redis. */
        private long localMaxBuckets = 100_000;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPerUser() {
            return this.perUser;
        }

        public void setPerUser(String perUser) {
            this.perUser = perUser;
        }

        public String getUpstreamBudget() {
            return this.upstreamBudget;
        }

        public void setUpstreamBudget(String upstreamBudget) {
            this.upstreamBudget = upstreamBudget;
        }

        public RedisFailurePolicy getRedisFailure() {
            return this.redisFailure;
        }

        public void setRedisFailure(RedisFailurePolicy redisFailure) {
            this.redisFailure = redisFailure;
        }

        public Duration getRedisTimeout() {
            return this.redisTimeout;
        }

        public void setRedisTimeout(Duration redisTimeout) {
            this.redisTimeout = redisTimeout;
        }

        public Duration getRedisRetryInterval() {
            return this.redisRetryInterval;
        }

        public void setRedisRetryInterval(Duration redisRetryInterval) {
            this.redisRetryInterval = redisRetryInterval;
        }

        public int getRedisMaxRetries() {
            return this.redisMaxRetries;
        }

        public void setRedisMaxRetries(int redisMaxRetries) {
            this.redisMaxRetries = redisMaxRetries;
        }

        public String getKeyPrefix() {
            return this.keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        public long getLocalMaxBuckets() {
            return this.localMaxBuckets;
        }

        public void setLocalMaxBuckets(long localMaxBuckets) {
            this.localMaxBuckets = localMaxBuckets;
        }

    }

    /**
     * The token cache: tokens shared by all replicas in Redis, encrypted at rest, so that a page load does not mint.
     */
    public static class TokenCache {

        /** Whether to cache tokens (needs Redis support on the class path). */
        private boolean enabled = true;

        /**
         * How long a token is reused. CometChat tokens never expire, but only a user's 100 newest stay valid, and a
         * revoked token should not linger: a day is a page load's worth of reuse for every active user.
         */
        private Duration ttl = Duration.ofHours(24);

        /**
         * Key that encrypts cached tokens (AES-256-GCM): the base64 of 32 random bytes, such as the output of
         * 'openssl rand -base64 32'. Required when the cache is enabled; the same on every replica.
         */
        private String encryptionKey;

        /** Earlier encryption keys, still accepted for decryption while entries written with them expire. */
        private List<String> previousEncryptionKeys = new ArrayList<>();

        /** How long the per-user mint lock is held at most (it is released as soon as the token is cached). */
        private Duration lockTtl = Duration.ofSeconds(5);

        /** How long a replica waits for another replica's mint of the same user before minting itself. */
        private Duration lockWait = Duration.ofSeconds(2);

        /** Bound on one cache operation; a slower cache is a miss. */
        private Duration timeout = Duration.ofMillis(250);

        /** Prefix of the cache's keys in Redis. */
        private String keyPrefix = "cometgate:tok:";

        /** Prefix of the mint locks' keys in Redis. */
        private String lockKeyPrefix = "cometgate:lock:";

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getTtl() {
            return this.ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public String getEncryptionKey() {
            return this.encryptionKey;
        }

        public void setEncryptionKey(String encryptionKey) {
            this.encryptionKey = encryptionKey;
        }

        public List<String> getPreviousEncryptionKeys() {
            return this.previousEncryptionKeys;
        }

        public void setPreviousEncryptionKeys(List<String> previousEncryptionKeys) {
            this.previousEncryptionKeys = previousEncryptionKeys;
        }

        public Duration getLockTtl() {
            return this.lockTtl;
        }

        public void setLockTtl(Duration lockTtl) {
            this.lockTtl = lockTtl;
        }

        public Duration getLockWait() {
            return this.lockWait;
        }

        public void setLockWait(Duration lockWait) {
            this.lockWait = lockWait;
        }

        public Duration getTimeout() {
            return this.timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public String getKeyPrefix() {
            return this.keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        public String getLockKeyPrefix() {
            return this.lockKeyPrefix;
        }

        public void setLockKeyPrefix(String lockKeyPrefix) {
            this.lockKeyPrefix = lockKeyPrefix;
        }

        @Override
        public String toString() {
            return "TokenCache[enabled=" + this.enabled + ", ttl=" + this.ttl + ", encryptionKey="
                    + ((this.encryptionKey != null) ? "*****" : null) + "]";
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
