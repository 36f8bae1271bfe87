package io.cometgate.gateway.config;

import java.time.Duration;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.cometgate.gateway.client.Secrets;
import io.cometgate.gateway.uid.CometChatUidMapper;

/**
 * Settings of the CometChat app the gateway mints tokens for, and of how it does so. Routes can override the app
 * ({@code appId}, {@code region}, {@code restApiKey}, {@code baseUrl}) so that one gateway serves several apps.
 * <p>
 * Validated at start-up: a missing app id, region or key fails the start with the name of the property to set.
 */
@ConfigurationProperties("cometchat")
public class CometChatProperties implements Validator {

    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9-]{1,63}");

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

    private final Uid uid = new Uid();

    private final Provisioning provisioning = new Provisioning();

    private final TokenResponse tokenResponse = new TokenResponse();

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

    public Uid getUid() {
        return this.uid;
    }

    public Provisioning getProvisioning() {
        return this.provisioning;
    }

    public TokenResponse getTokenResponse() {
        return this.tokenResponse;
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
        else if (!HOST_LABEL.matcher(properties.appId).matches()) {
            errors.rejectValue("appId", "invalid", "cometchat.app-id must contain only letters, digits and '-'.");
        }
        if (!StringUtils.hasText(properties.region)) {
            errors.rejectValue("region", "required", "Set cometchat.region to the app's region: us, eu or in.");
        }
        else if (!HOST_LABEL.matcher(properties.region).matches()) {
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
        if (!StringUtils.hasText(properties.uid.claim)) {
            errors.rejectValue("uid.claim", "required", "cometchat.uid.claim must name a claim, such as sub.");
        }
        if (properties.uid.prefix != null && !properties.uid.prefix.matches("[a-z0-9_-]{0,"
                + CometChatUidMapper.MAX_PREFIX_LENGTH + "}")) {
            errors.rejectValue("uid.prefix", "invalid", "cometchat.uid.prefix must be lowercase [a-z0-9_-], at most "
                    + CometChatUidMapper.MAX_PREFIX_LENGTH + " characters.");
        }
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
         * [a-z0-9_-], at most 25 characters.
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
