package io.cometgate.gateway.internal.web;

import java.io.IOException;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.http.HttpStatus;

import io.cometgate.gateway.client.CometChatApiException;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatOperation;
import io.cometgate.gateway.client.CometChatTimeoutException;
import io.cometgate.gateway.client.CometChatUnreachableException;
import io.cometgate.gateway.client.RetryAfter;
import io.cometgate.gateway.internal.ratelimit.RetryLaterException;
import io.cometgate.gateway.internal.ratelimit.RetryLaterException.Reason;
import io.cometgate.gateway.uid.UidClaimMissingException;
import io.cometgate.gateway.uid.UnauthenticatedException;
import io.cometgate.gateway.internal.user.UserDeactivatedException;
import io.cometgate.gateway.internal.user.UserNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import io.cometgate.gateway.internal.support.MutableClock;

@ExtendWith(OutputCaptureExtension.class)
class GatewayErrorMapperTests {

    private static final String KEY = "0123456789abcdef0123456789abcdef01234567";

    private final GatewayErrorMapper mapper = new GatewayErrorMapper();

    private final CometChatApp app = CometChatApp.of("app1", "us", KEY, null);

    private static CometChatApiException api(int status, String code, Duration retryAfter) {
        return new CometChatApiException(CometChatOperation.CREATE_AUTH_TOKEN, status, code, retryAfter);
    }

    @Test
    void toErrorWhenUnauthenticatedThen401() {
        GatewayError error = this.mapper.toError(new UnauthenticatedException(), this.app);
        assertThat(error.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(error.code()).isEqualTo(ErrorCodes.UNAUTHENTICATED);
    }

    @Test
    void toErrorWhenClaimMissingThen403NamingTheClaim() {
        GatewayError error = this.mapper.toError(new UidClaimMissingException("user_id"), this.app);
        assertThat(error.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(error.message()).contains("'user_id'");
    }

    @Test
    void toErrorWhenCometChatRefusesThen502InTheGatewaysOwnWordsAndTheCodeOnlyInTheLog(CapturedOutput output) {
        GatewayError error = this.mapper.toError(api(400, "ERR_PLAN_QUOTA_EXCEEDED", null), this.app);
        assertThat(error.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(error.code()).isEqualTo(ErrorCodes.COMETCHAT_REQUEST_REJECTED);
        assertThat(error.message()).doesNotContain("ERR_").doesNotContain("PLAN_QUOTA");
        assertThat(output).contains("ERR_PLAN_QUOTA_EXCEEDED");
    }

    @Test
    void toErrorWhenApiKeyRejectedThen502WithoutTheKey() {
        GatewayError error = this.mapper.toError(api(401, "AUTH_ERR_APIKEY_NOT_FOUND", null), this.app);
        assertThat(error.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(error.code()).isEqualTo(ErrorCodes.COMETCHAT_API_KEY_REJECTED);
        assertThat(error.message()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 5));
        assertThat(this.mapper.toError(api(403, "AUTH_ERR_NO_ACCESS", null), this.app).code())
            .isEqualTo(ErrorCodes.COMETCHAT_API_KEY_REJECTED);
    }

    @Test
    void toErrorWhenCometChatRateLimitedThen503WithRetryAfter() {
        GatewayError error = this.mapper.toError(api(429, "ERR_TOO_MANY_REQUESTS", Duration.ofSeconds(15)), this.app);
        assertThat(error.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(error.retryAfterSeconds()).isEqualTo(15);
        GatewayError unadvertised = this.mapper.toError(api(429, null, null), this.app);
        assertThat(unadvertised.retryAfter()).isEqualTo(RetryAfter.DEFAULT);
    }

    @Test
    void toErrorWhenServerErrorOrUnreachableThen502() {
        assertThat(this.mapper.toError(api(500, null, null), this.app).status()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(this.mapper.toError(api(503, null, null), this.app).code()).isEqualTo(ErrorCodes.COMETCHAT_UNAVAILABLE);
        assertThat(this.mapper
            .toError(new CometChatUnreachableException(CometChatOperation.CREATE_USER, new IOException("reset")), this.app)
            .status()).isEqualTo(HttpStatus.BAD_GATEWAY);
    }

    @Test
    void toErrorWhenTimeoutThen504() {
        GatewayError error = this.mapper
            .toError(new CometChatTimeoutException(CometChatOperation.CREATE_AUTH_TOKEN, Duration.ofSeconds(1)), this.app);
        assertThat(error.status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(error.code()).isEqualTo(ErrorCodes.COMETCHAT_TIMEOUT);
    }

    @Test
    void toErrorWhenPlanQuotaSpentThen503WithoutRetryAfterCountedAndLoggedOncePerMinutePerApp(CapturedOutput output) {
        MutableClock clock = new MutableClock();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayErrorMapper quotaMapper = new GatewayErrorMapper(registry, clock);
        CometChatApp other = CometChatApp.of("app2", "us", KEY, null);

        GatewayError error = quotaMapper.toError(api(402, "ERR_PLAN_QUOTA_RESTRICTION", null), this.app);
        quotaMapper.toError(api(402, "ERR_PLAN_QUOTA_RESTRICTION", null), this.app);
        quotaMapper.toError(api(402, "ERR_PLAN_QUOTA_RESTRICTION", null), other);
        clock.advance(Duration.ofSeconds(59));
        quotaMapper.toError(api(402, "ERR_PLAN_QUOTA_RESTRICTION", null), this.app);
        assertThat(occurrences(output.getAll(), "CometChat app app1 refused to create a user")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        quotaMapper.toError(api(402, "ERR_PLAN_QUOTA_RESTRICTION", null), this.app);

        assertThat(error.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(error.code()).isEqualTo(ErrorCodes.COMETCHAT_PLAN_QUOTA_EXCEEDED);
        assertThat(error.retryAfter()).isNull();
        assertThat(occurrences(output.getAll(), "CometChat app app1 refused to create a user")).isEqualTo(2);
        assertThat(occurrences(output.getAll(), "CometChat app app2 refused to create a user")).isEqualTo(1);
        assertThat(output.getAll()).contains("Upgrade the app's CometChat plan").doesNotContain(KEY.substring(0, 10));
        assertThat(registry.get("cometgate.cometchat.plan.quota.exceeded").tags("app", "app1").counter().count())
            .isEqualTo(4);
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void toErrorWhenForbiddenOrUnauthorizedWithoutAuthCodeThenUpstreamFailureNotTheKey(CapturedOutput output) {
        for (GatewayError error : java.util.List.of(this.mapper.toError(api(403, null, null), this.app),
                this.mapper.toError(api(403, "ERR_SOMETHING", null), this.app),
                this.mapper.toError(api(401, null, null), this.app))) {
            assertThat(error.status()).isEqualTo(HttpStatus.BAD_GATEWAY);
            assertThat(error.code()).isEqualTo(ErrorCodes.COMETCHAT_UNAVAILABLE);
        }
        assertThat(output.getAll()).doesNotContain("cometchat.rest-api-key").contains("firewall");
    }

    @Test
    void toErrorWhenUserDeactivatedThen403WithoutRetryAfter() {
        GatewayError error = this.mapper.toError(new UserDeactivatedException(), this.app);
        assertThat(error.status()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(error.code()).isEqualTo(ErrorCodes.CHAT_USER_DEACTIVATED);
        assertThat(error.retryAfter()).isNull();
    }

    /** A clock the test moves by hand. */

    @Test
    void toErrorWhenUnknownFailureThen500WithoutItsMessage() {
        GatewayError error = this.mapper.toError(new IllegalStateException("secret-token-abc"), this.app);
        assertThat(error.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(error.message()).doesNotContain("secret-token-abc");
    }

    @Test
    void retryAfterSecondsRoundsUp() {
        assertThat(new GatewayError(HttpStatus.TOO_MANY_REQUESTS, "X", "m", Duration.ofMillis(41_001))
            .retryAfterSeconds()).isEqualTo(42);
        assertThat(new GatewayError(HttpStatus.TOO_MANY_REQUESTS, "X", "m", Duration.ofSeconds(42))
            .retryAfterSeconds()).isEqualTo(42);
    }

    @Test
    void toErrorWhenLimitsSayNoThenTheirStatusAndRetryAfter() {
        GatewayError user = this.mapper.toError(retryLater(Reason.USER_RATE_LIMITED, Duration.ofMillis(5_500)), this.app);
        assertThat(user.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(user.code()).isEqualTo(ErrorCodes.RATE_LIMITED);
        assertThat(user.retryAfterSeconds()).isEqualTo(6);

        GatewayError budget = this.mapper.toError(retryLater(Reason.UPSTREAM_BUDGET_EXHAUSTED, Duration.ofSeconds(3)),
                this.app);
        assertThat(budget.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(budget.code()).isEqualTo(ErrorCodes.UPSTREAM_BUDGET_EXHAUSTED);
        assertThat(budget.retryAfterSeconds()).isEqualTo(3);

        GatewayError redis = this.mapper.toError(retryLater(Reason.RATE_LIMITER_UNAVAILABLE, Duration.ofSeconds(2)), this.app);
        assertThat(redis.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(redis.code()).isEqualTo(ErrorCodes.RATE_LIMITER_UNAVAILABLE);

        GatewayError paused = this.mapper.toError(retryLater(Reason.UPSTREAM_PAUSED, Duration.ofSeconds(9)), this.app);
        assertThat(paused.code()).isEqualTo(ErrorCodes.COMETCHAT_RATE_LIMITED);
        assertThat(paused.retryAfterSeconds()).isEqualTo(9);
    }

    private static RetryLaterException retryLater(Reason reason, Duration retryAfter) {
        return new RetryLaterException(reason, "detail", retryAfter);
    }

    @Test
    void toErrorWhenUserNotFoundThen404() {
        GatewayError error = this.mapper.toError(new UserNotFoundException(), this.app);
        assertThat(error.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(error.code()).isEqualTo(ErrorCodes.USER_NOT_FOUND);
    }

}
