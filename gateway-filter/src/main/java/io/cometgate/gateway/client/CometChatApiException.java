package io.cometgate.gateway.client;

import java.time.Duration;
import java.util.Set;

/**
 * CometChat answered an error. Decide on {@link #getErrorCode()}, not on the status alone: "user already exists" is
 * {@code 400 ERR_UID_ALREADY_EXISTS}, the same status as a validation failure.
 */
public final class CometChatApiException extends CometChatException {

    private final int status;

    private final String errorCode;

    private final Duration retryAfter;

    private final Set<String> detailFields;

    public CometChatApiException(CometChatOperation operation, int status, String errorCode, Duration retryAfter) {
        this(operation, status, errorCode, retryAfter, Set.of());
    }

    /**
     * @param operation the call that failed
     * @param status the HTTP status CometChat answered
     * @param errorCode CometChat's error code, or {@code null}
     * @param retryAfter the {@code Retry-After} sent, or {@code null}
     * @param detailFields the names of the fields CometChat's {@code details} complain about (never their texts)
     */
    public CometChatApiException(CometChatOperation operation, int status, String errorCode, Duration retryAfter,
            Set<String> detailFields) {
        super(operation, "CometChat answered " + status + " " + (errorCode != null ? errorCode : "(no error code)")
                + " to " + operation + (detailFields.isEmpty() ? "" : " (fields " + sorted(detailFields) + ")"),
                null);
        this.status = status;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
        this.detailFields = Set.copyOf(detailFields);
    }

    private static String sorted(Set<String> fields) {
        return fields.stream().sorted().toList().toString();
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

    /**
     * The names of the request fields CometChat refused (the keys of its error's {@code details}, such as
     * {@code avatar}); empty when it named none. The values and CometChat's texts about them are not kept.
     */
    public Set<String> getDetailFields() {
        return this.detailFields;
    }

    /** Whether CometChat answered with this error code. */
    public boolean hasErrorCode(String code) {
        return code.equals(this.errorCode);
    }

    /**
     * Whether CometChat refused the REST API key itself (wrong, missing, or lacking scope): only an
     * {@code AUTH_ERR_*} code says so. A 401 or 403 without one came from something else on the way (a CDN, a
     * firewall, a proxy) and is an upstream failure, not a key to fix.
     */
    public boolean isApiKeyRejected() {
        return this.errorCode != null && this.errorCode.startsWith("AUTH_ERR_");
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
