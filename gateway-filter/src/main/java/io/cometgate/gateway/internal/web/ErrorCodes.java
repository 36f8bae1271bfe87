package io.cometgate.gateway.internal.web;

/** The stable error codes of the gateway's JSON errors. */
public final class ErrorCodes {

    /** 401: no authenticated principal reached the filter. */
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";

    /** 401: the access token is malformed, expired, or not signed by the issuer (Spring Security's entry point). */
    public static final String INVALID_TOKEN = "INVALID_TOKEN";

    /** 400: the request carries its access token wrongly, for example twice (Spring Security's entry point). */
    public static final String INVALID_REQUEST = "INVALID_REQUEST";

    /** 403: the caller is authenticated but lacks the authority the path requires. */
    public static final String ACCESS_DENIED = "ACCESS_DENIED";

    /** 403: the route answers over HTTPS only, and this request came over plain HTTP. */
    public static final String HTTPS_REQUIRED = "HTTPS_REQUIRED";

    /** 403: the principal lacks the claim the UID comes from. */
    public static final String UID_CLAIM_MISSING = "UID_CLAIM_MISSING";

    /** 404: the caller has no CometChat user (user route: {@code PUT} creates it). */
    public static final String USER_NOT_FOUND = "USER_NOT_FOUND";

    /**
     * 403: the caller's CometChat user is deactivated (usually a moderator's decision); no retry helps, only an
     * administrator reactivating it.
     */
    public static final String CHAT_USER_DEACTIVATED = "CHAT_USER_DEACTIVATED";

    /** 405: the route does not answer this method. */
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";

    /** 502: CometChat refused the gateway's REST API key: the gateway is misconfigured. */
    public static final String COMETCHAT_API_KEY_REJECTED = "COMETCHAT_API_KEY_REJECTED";

    /** 502: CometChat refused a request for another reason. */
    public static final String COMETCHAT_REQUEST_REJECTED = "COMETCHAT_REQUEST_REJECTED";

    /** 502: CometChat failed or could not be reached. */
    public static final String COMETCHAT_UNAVAILABLE = "COMETCHAT_UNAVAILABLE";

    /**
     * 503: the CometChat plan's user quota is spent: new users cannot be created (existing users still get tokens).
     * No {@code Retry-After}: only a plan change or the deletion of unused users helps.
     */
    public static final String COMETCHAT_PLAN_QUOTA_EXCEEDED = "COMETCHAT_PLAN_QUOTA_EXCEEDED";

    /** 503: CometChat's app-wide rate limit was hit; retry after {@code Retry-After}. */
    public static final String COMETCHAT_RATE_LIMITED = "COMETCHAT_RATE_LIMITED";

    /** 504: CometChat did not answer in time. */
    public static final String COMETCHAT_TIMEOUT = "COMETCHAT_TIMEOUT";

    /** 429: the caller's own rate limit is spent; retry after {@code Retry-After}. */
    public static final String RATE_LIMITED = "RATE_LIMITED";

    /** 503: the app's budget of CometChat calls, shared by all replicas, is spent for now. */
    public static final String UPSTREAM_BUDGET_EXHAUSTED = "UPSTREAM_BUDGET_EXHAUSTED";

    /** 503: the rate limiter cannot decide (Redis unreachable) and is configured to fail closed. */
    public static final String RATE_LIMITER_UNAVAILABLE = "RATE_LIMITER_UNAVAILABLE";

    /** 500: a fault of the gateway itself. */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private ErrorCodes() {
    }

}
