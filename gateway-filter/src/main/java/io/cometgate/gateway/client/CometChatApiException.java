package io.cometgate.gateway.client;

import java.time.Duration;

/**
 * CometChat answered an error. Decide on {@link #getErrorCode()}, not on the status alone: "user already exists" is
 * {@code 400 ERR_UID_ALREADY_EXISTS}, the same status as a validation failure.
 */
public final class CometChatApiException extends CometChatException {

    private final int status;

    private final String errorCode;

    private final Duration retryAfter;

    public CometChatApiException(CometChatOperation operation, int status, String errorCode, Duration retryAfter) {
        super(operation, "CometChat answered " + status + " " + (errorCode != null ? errorCode : "(no error code)")
                + " to " + operation, null);
        this.status = status;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status CometChat answered. */
    public int getStatus() {
        return this.status;
    }

    /** CometChat's error code, such as {@code ERR_UID_NOT_FOUND}; {@code null} when the body had none. */
    public String getErrorCode() {
        return this.errorCode;
    }

    /** The {@code Retry-After} CometChat sent (with a 429), or {@code null}. */
    public Duration getRetryAfter() {
        return this.retryAfter;
    }

    /** Whether CometChat answered with this error code. */
    public boolean hasErrorCode(String code) {
        return code.equals(this.errorCode);
    }

    /** Whether CometChat refused the REST API key itself (wrong, missing, or lacking scope). */
    public boolean isApiKeyRejected() {
        return this.errorCode != null && this.errorCode.startsWith("AUTH_ERR_") || this.status == 401
                || this.status == 403;
    }

    /** Whether CometChat's app-wide rate limit was hit. */
    public boolean isRateLimited() {
        return this.status == 429;
    }

    /** Whether CometChat failed on its side. */
    public boolean isServerError() {
        return this.status >= 500;
    }

}
