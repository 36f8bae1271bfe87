package io.cometgate.gateway.config;

import java.time.Duration;

import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;

import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.internal.ratelimit.LimitSpec;
import io.cometgate.gateway.uid.CometChatUidMapper;

/**
 * The start-up checks of {@link CometChatProperties}: each rejection names the property to set and never echoes a
 * secret (only a blank key is rejected, so a set key is never printed).
 */
final class CometChatPropertiesValidator {

    private CometChatPropertiesValidator() {
    }

    static void validate(CometChatProperties properties, Errors errors) {
        if (!StringUtils.hasText(properties.getAppId())) {
            errors.rejectValue("appId", "required",
                    "Set cometchat.app-id to the CometChat app id (dashboard, API & Auth Keys).");
        }
        else if (!CometChatApp.isHostLabel(properties.getAppId())) {
            errors.rejectValue("appId", "invalid", "cometchat.app-id must contain only letters, digits and '-'.");
        }
        if (!StringUtils.hasText(properties.getRegion())) {
            errors.rejectValue("region", "required", "Set cometchat.region to the app's region: us, eu or in.");
        }
        else if (!CometChatApp.isHostLabel(properties.getRegion())) {
            errors.rejectValue("region", "invalid", "cometchat.region must be a region such as us, eu or in.");
        }
        if (!StringUtils.hasText(properties.getRestApiKey())) {
            errors.rejectValue("restApiKey", "required",
                    "Set cometchat.rest-api-key to the app's REST API key (full access), for example from the "
                            + "COMETCHAT_REST_API_KEY environment variable.");
        }
        if (!isPositive(properties.getConnectTimeout())) {
            errors.rejectValue("connectTimeout", "invalid", "cometchat.connect-timeout must be positive.");
        }
        if (!isPositive(properties.getRequestTimeout())) {
            errors.rejectValue("requestTimeout", "invalid", "cometchat.request-timeout must be positive.");
        }
        if (!isPositive(properties.getResponseTimeout())) {
            errors.rejectValue("responseTimeout", "invalid", "cometchat.response-timeout must be positive.");
        }
        validateRetry(properties.getRetry(), errors);
        if (!StringUtils.hasText(properties.getUid().getClaim())) {
            errors.rejectValue("uid.claim", "required", "cometchat.uid.claim must name a claim, such as sub.");
        }
        String prefix = properties.getUid().getPrefix();
        if (prefix != null && !CometChatUidMapper.isValidPrefix(prefix)) {
            errors.rejectValue("uid.prefix", "invalid", "cometchat.uid.prefix must be " + CometChatUidMapper.PREFIX_RULE + ".");
        }
        validateLimits("cometchat.rate-limit.per-user", properties.getRateLimit().getPerUser(), errors,
                "rateLimit.perUser");
        double slowdown = properties.getRateLimit().getUpstreamSlowdownThreshold();
        if (!(slowdown > 0 && slowdown < 1)) {
            errors.rejectValue("rateLimit.upstreamSlowdownThreshold", "invalid",
                    "cometchat.rate-limit.upstream-slowdown-threshold must be above 0 and below 1 (turn the slowdown "
                            + "off with cometchat.rate-limit.upstream-slowdown-enabled=false).");
        }
        validateTokenMaxAge(properties, errors);
        validateLimits("cometchat.rate-limit.upstream-budget", properties.getRateLimit().getUpstreamBudget(), errors,
                "rateLimit.upstreamBudget");
        if (properties.getTokenCache().getNearCache().getMaximumSize() < 1) {
            errors.rejectValue("tokenCache.nearCache.maximumSize", "invalid",
                    "cometchat.token-cache.near-cache.maximum-size must be at least 1 (turn the near cache off with "
                            + "cometchat.token-cache.near-cache.enabled=false).");
        }
    }

    private static void validateTokenMaxAge(CometChatProperties properties, Errors errors) {
        if (!properties.isRevokeAgedTokens()) {
            return;
        }
        Duration maxAge = properties.getTokenMaxAge();
        if (!isPositive(maxAge)) {
            errors.rejectValue("tokenMaxAge", "invalid", "cometchat.token-max-age must be positive (keep tokens "
                    + "whatever their age with cometchat.revoke-aged-tokens=false).");
            return;
        }
        Duration ttl = properties.getTokenCache().getTtl();
        // A cached token is handed out until its TTL ends: it must never be one the age limit revokes meanwhile.
        if (properties.getTokenCache().isEnabled() && ttl != null && ttl.compareTo(maxAge) > 0) {
            errors.rejectValue("tokenCache.ttl", "invalid", "cometchat.token-cache.ttl (" + ttl + ") may not exceed "
                    + "cometchat.token-max-age (" + maxAge + "): lower the TTL or raise the maximum age.");
        }
    }

    private static void validateLimits(String property, String value, Errors errors, String field) {
        // LimitSpec still reads "none" as no limit (for its own callers); as a property it is a second spelling of
        // the -enabled flag, so it is refused with the one to use.
        if (value != null && value.strip().equalsIgnoreCase("none")) {
            errors.rejectValue(field, "invalid", property + ": 'none' is no longer accepted; turn the limit off with "
                    + property + "-enabled=false.");
            return;
        }
        try {
            LimitSpec.parseList(value);
        }
        catch (IllegalArgumentException ex) {
            errors.rejectValue(field, "invalid", property + ": " + ex.getMessage());
        }
    }

    private static void validateRetry(RetryProperties retry, Errors errors) {
        if (retry.getMaxAttempts() < 1) {
            errors.rejectValue("retry.maxAttempts", "invalid",
                    "cometchat.retry.max-attempts must be at least 1 (1 turns retries off).");
        }
        if (!isPositive(retry.getFirstBackoff())) {
            errors.rejectValue("retry.firstBackoff", "invalid", "cometchat.retry.first-backoff must be positive.");
        }
        else if (retry.getMaxBackoff() == null || retry.getMaxBackoff().compareTo(retry.getFirstBackoff()) < 0) {
            errors.rejectValue("retry.maxBackoff", "invalid",
                    "cometchat.retry.max-backoff must be at least cometchat.retry.first-backoff.");
        }
        if (!(retry.getJitter() >= 0 && retry.getJitter() <= 1)) {
            errors.rejectValue("retry.jitter", "invalid", "cometchat.retry.jitter must be between 0 and 1.");
        }
        if (retry.getMaxTotalTime() != null && !isPositive(retry.getMaxTotalTime())) {
            errors.rejectValue("retry.maxTotalTime", "invalid", "cometchat.retry.max-total-time must be positive, or unset (cometchat.request-timeout).");
        }
    }

    private static boolean isPositive(Duration duration) {
        return duration != null && duration.compareTo(Duration.ZERO) > 0;
    }

}
