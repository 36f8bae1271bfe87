package io.cometgate.gateway.internal.web;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

import io.cometgate.gateway.client.CometChatApiException;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatErrorCodes;
import io.cometgate.gateway.client.CometChatTimeoutException;
import io.cometgate.gateway.client.CometChatUnreachableException;
import io.cometgate.gateway.client.RetryAfter;
import io.cometgate.gateway.internal.ratelimit.RetryLaterException;
import io.cometgate.gateway.uid.UidClaimMissingException;
import io.cometgate.gateway.uid.UnauthenticatedException;
import io.cometgate.gateway.internal.user.UserDeactivatedException;
import io.cometgate.gateway.internal.user.UserNotFoundException;

/**
 * Decides how each failure is answered, and logs the ones an operator must act on.
 * <ul>
 * <li>CometChat refuses the REST API key ({@code AUTH_ERR_*} codes only): {@code 502}, and an ERROR naming the
 * property to fix (key masked). The caller can do nothing about it, so it is a gateway fault, not a 401. A 401 or
 * 403 without such a code came from something on the way (a CDN, a firewall): {@code 502 COMETCHAT_UNAVAILABLE}.</li>
 * <li>The plan's user quota is spent ({@code ERR_PLAN_QUOTA_RESTRICTION}): {@code 503} without {@code Retry-After},
 * an ERROR saying what to do at most once a minute per app, and the counter
 * {@code cometgate.cometchat.plan.quota.exceeded} ({@code app}).</li>
 * <li>The caller's user is deactivated: {@code 403 CHAT_USER_DEACTIVATED}.</li>
 * <li>CometChat {@code 429}: {@code 503} with CometChat's {@code Retry-After}; the app-wide limit is not the caller's
 * fault, so not a 429.</li>
 * <li>Timeout: {@code 504}. 5xx or a network failure: {@code 502}. Other 4xx: {@code 502}.</li>
 * </ul>
 */
public final class GatewayErrorMapper {

    private static final Logger logger = LoggerFactory.getLogger(GatewayErrorMapper.class);

    /** How often at most the plan-quota ERROR is logged per app. */
    static final Duration PLAN_QUOTA_LOG_INTERVAL = Duration.ofMinutes(1);

    private final MeterRegistry meterRegistry;

    private final LogThrottle planQuotaLog;

    /** A mapper whose meters go nowhere, for tests and applications without Micrometer. */
    public GatewayErrorMapper() {
        this(new SimpleMeterRegistry(), Clock.systemUTC());
    }

    /**
     * @param meterRegistry where the plan-quota counter is registered
     * @param clock the clock the plan-quota ERROR is throttled by
     */
    public GatewayErrorMapper(MeterRegistry meterRegistry, Clock clock) {
        Assert.notNull(meterRegistry, "meterRegistry cannot be null");
        Assert.notNull(clock, "clock cannot be null");
        this.meterRegistry = meterRegistry;
        this.planQuotaLog = new LogThrottle(PLAN_QUOTA_LOG_INTERVAL, clock);
    }

    /**
     * @param failure what went wrong
     * @param app the CometChat app the request was for, named in operator logs
     * @return the error to answer
     */
    public GatewayError toError(Throwable failure, CometChatApp app) {
        if (failure instanceof UnauthenticatedException) {
            return new GatewayError(HttpStatus.UNAUTHORIZED, ErrorCodes.UNAUTHENTICATED,
                    "Authentication required: send the identity provider's access token as 'Authorization: Bearer <token>'.");
        }
        if (failure instanceof UidClaimMissingException missing) {
            return new GatewayError(HttpStatus.FORBIDDEN, ErrorCodes.UID_CLAIM_MISSING,
                    "The access token has no '" + missing.getClaim() + "' claim, which the CometChat UID is taken from.");
        }
        if (failure instanceof UserNotFoundException) {
            return new GatewayError(HttpStatus.NOT_FOUND, ErrorCodes.USER_NOT_FOUND,
                    "You have no CometChat user yet. Send PUT to this route to create it from your profile.");
        }
        if (failure instanceof UserDeactivatedException) {
            return new GatewayError(HttpStatus.FORBIDDEN, ErrorCodes.CHAT_USER_DEACTIVATED,
                    "Your chat account is deactivated. Ask an administrator of the chat to reactivate it.");
        }
        if (failure instanceof GatewayErrorException answered) {
            return answered.getError();
        }
        if (failure instanceof RetryLaterException later) {
            return retryLater(later);
        }
        if (failure instanceof CometChatApiException api) {
            return fromApi(api, app);
        }
        if (failure instanceof CometChatTimeoutException) {
            logger.warn("CometChat app {} did not answer in time: {}", app.appId(), failure.getMessage());
            return new GatewayError(HttpStatus.GATEWAY_TIMEOUT, ErrorCodes.COMETCHAT_TIMEOUT,
                    "CometChat did not answer in time. Try again.");
        }
        if (failure instanceof CometChatUnreachableException) {
            logger.warn("CometChat app {} is unreachable: {}", app.appId(), failure.getMessage());
            return unavailable();
        }
        // Only the type: an unknown exception's message could quote anything, a token included.
        logger.error("Token request failed unexpectedly for CometChat app {}: {}", app.appId(),
                failure.getClass().getName());
        return new GatewayError(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCodes.INTERNAL_ERROR,
                "The gateway failed to handle the request.");
    }

    private GatewayError fromApi(CometChatApiException api, CometChatApp app) {
        if (api.isRateLimited()) {
            logger.warn("CometChat app {} is rate limited ({})", app.appId(), api.getMessage());
            Duration retryAfter = RetryAfter.orDefault(api.getRetryAfter());
            return new GatewayError(HttpStatus.SERVICE_UNAVAILABLE, ErrorCodes.COMETCHAT_RATE_LIMITED,
                    "CometChat is busy. Try again after the Retry-After delay.", retryAfter);
        }
        if (api.hasErrorCode(CometChatErrorCodes.PLAN_QUOTA_RESTRICTION)) {
            return planQuotaExceeded(app);
        }
        if (api.isApiKeyRejected()) {
            logger.error("CometChat rejected the REST API key {} of app {} ({}). Set 'cometchat.rest-api-key' (or the "
                    + "route's 'restApiKey' argument) to a REST API key with full access from the CometChat dashboard "
                    + "of that app, and check 'cometchat.app-id' and 'cometchat.region'.", app.maskedRestApiKey(),
                    app.appId(), api.getErrorCode());
            return new GatewayError(HttpStatus.BAD_GATEWAY, ErrorCodes.COMETCHAT_API_KEY_REJECTED,
                    "The gateway's CometChat credentials were rejected. The operators have been told.");
        }
        if (api.isServerError()) {
            logger.warn("CometChat app {} failed: {}", app.appId(), api.getMessage());
            return unavailable();
        }
        if (api.getStatus() == 401 || api.getStatus() == 403) {
            // No AUTH_ERR_* code: not CometChat judging the key, but something on the way refusing the call.
            logger.warn("A call to CometChat app {} was refused with {} but no CometChat error code: a CDN, firewall "
                    + "or proxy between the gateway and CometChat refused it ({})", app.appId(), api.getStatus(),
                    api.getMessage());
            return unavailable();
        }
        // CometChat's code goes to the log only: the answer carries the gateway's own words, never CometChat's.
        logger.warn("CometChat app {} refused a request: {}", app.appId(), api.getMessage());
        return new GatewayError(HttpStatus.BAD_GATEWAY, ErrorCodes.COMETCHAT_REQUEST_REJECTED,
                "CometChat refused the request. The operators can find the reason in the gateway's log.");
    }

    private GatewayError planQuotaExceeded(CometChatApp app) {
        this.meterRegistry.counter("cometgate.cometchat.plan.quota.exceeded", "app", app.appId()).increment();
        if (this.planQuotaLog.tryAcquire(app.appId())) {
            logger.error("CometChat app {} refused to create a user: its plan's user quota is spent "
                    + "(ERR_PLAN_QUOTA_RESTRICTION). New users cannot log in to chat; existing users still can. "
                    + "Upgrade the app's CometChat plan, or delete unused users permanently "
                    + "(DELETE /v3/users/{uid} with permanent=true; deactivated users still count). "
                    + "Logged at most once a minute.", app.appId());
        }
        return new GatewayError(HttpStatus.SERVICE_UNAVAILABLE, ErrorCodes.COMETCHAT_PLAN_QUOTA_EXCEEDED,
                "Chat cannot take new users right now. The operators have been told.");
    }

    private static GatewayError retryLater(RetryLaterException later) {
        RetryLaterException.Reason reason = later.getReason();
        if (reason == RetryLaterException.Reason.UPSTREAM_BUDGET_EXHAUSTED) {
            logger.warn("{}: calls to CometChat are held back for {} ms", later.getMessage(),
                    later.getRetryAfter().toMillis());
        }
        return new GatewayError(HttpStatus.valueOf(reason.status()), reason.code(), reason.message(),
                later.getRetryAfter());
    }

    private static GatewayError unavailable() {
        return new GatewayError(HttpStatus.BAD_GATEWAY, ErrorCodes.COMETCHAT_UNAVAILABLE,
                "CometChat is unavailable. Try again.");
    }

}
