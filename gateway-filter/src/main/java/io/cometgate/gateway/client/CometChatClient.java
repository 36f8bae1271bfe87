package io.cometgate.gateway.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A typed, non-blocking client of the CometChat REST API v3 for one app, for the gateway filters and for a
 * platform's own backends.
 * <p>
 * Every method returns a cold {@link Mono} and throws nothing before subscription. Failures arrive as
 * {@link CometChatException}: {@link CometChatApiException} when CometChat answered an error,
 * {@link CometChatTimeoutException} when an attempt or the whole call takes too long,
 * {@link CometChatUnreachableException} on a network error.
 * None of them carries the REST API key, a token, or CometChat's response body.
 * <p>
 * Connection errors and 5xx answers are retried as {@link RetrySettings} say; each retry sends the whole exchange
 * again, so the WebClient's filters (the upstream budget, the call counter) see every attempt. Retrying is safe for
 * every call here: reads, updates and flushes are idempotent, and a repeated create or delete that had in fact gone
 * through answers {@code ERR_UID_ALREADY_EXISTS} or {@code ERR_UID_NOT_FOUND}, which callers already decide on. A
 * repeated mint may leave one extra token, within CometChat's 100 per user.
 * <p>
 * Instances are immutable and cheap: {@link #forApp(CometChatApp)} gives a client of another app sharing the same
 * connection pool.
 */
public final class CometChatClient {

    /**
     * The request attribute holding the app id of every call, for {@code ExchangeFilterFunction}s of the shared
     * WebClient (the upstream budget is per app).
     */
    public static final String APP_ID_ATTRIBUTE = CometChatClient.class.getName() + ".appId";

    /** The request attribute holding the {@link CometChatOperation} a call is for, read by the client's filters. */
    public static final String OPERATION_ATTRIBUTE = CometChatClient.class.getName() + ".operation";

    private static final ParameterizedTypeReference<DataEnvelope<AuthToken>> AUTH_TOKEN = new ParameterizedTypeReference<>() {
    };

    private static final ParameterizedTypeReference<AuthTokenPage.Body> AUTH_TOKEN_PAGE = new ParameterizedTypeReference<>() {
    };

    private static final ParameterizedTypeReference<DataEnvelope<UserActivation>> USER_ACTIVATION = new ParameterizedTypeReference<>() {
    };

    private static final ParameterizedTypeReference<DataEnvelope<UserDeactivation>> USER_DEACTIVATION = new ParameterizedTypeReference<>() {
    };

    private static final ParameterizedTypeReference<DataEnvelope<List<Map<String, Object>>>> USERS = new ParameterizedTypeReference<>() {
    };

    private static final ParameterizedTypeReference<DataEnvelope<CometChatUser>> USER = new ParameterizedTypeReference<>() {
    };

    private static final ParameterizedTypeReference<DataEnvelope<Map<String, Object>>> ACKNOWLEDGEMENT = new ParameterizedTypeReference<>() {
    };

    /** The most UIDs CometChat takes in one activate or deactivate call. */
    public static final int MAX_BULK_UIDS = 25;

    private final WebClient webClient;

    private final CometChatApp app;

    private final Duration timeout;

    private final RetrySettings retrySettings;

    private final CometChatExchange exchange;

    /**
     * A client that retries with {@link RetrySettings#DEFAULTS}, its total bound raised to {@code timeout} if that
     * is longer, so that one attempt is never cut short.
     * @param webClient the client to send with; its connector should bound connect and response times
     * @param app the app to call
     * @param timeout the bound on one attempt, from sending it to the decoded answer
     */
    public CometChatClient(WebClient webClient, CometChatApp app, Duration timeout) {
        this(webClient, app, timeout, RetrySettings.DEFAULTS.withMaxTotalTimeAtLeast(timeout));
    }

    /**
     * @param webClient the client to send with: {@link CometChatConnections#webClient()}, or one whose Reactor Netty
     * client went through {@link SecretPathSegments#install} (without it no single token can be revoked); its
     * connector should bound connect and response times
     * @param app the app to call
     * @param timeout the bound on one attempt, from sending it to the decoded answer
     * @param retrySettings how failed attempts are retried, and the bound on a whole call
     */
    public CometChatClient(WebClient webClient, CometChatApp app, Duration timeout, RetrySettings retrySettings) {
        Assert.notNull(webClient, "webClient cannot be null");
        Assert.notNull(app, "app cannot be null");
        Assert.isTrue(timeout != null && (timeout.compareTo(Duration.ZERO) > 0), "timeout must be positive");
        Assert.notNull(retrySettings, "retrySettings cannot be null");
        this.webClient = webClient;
        this.app = app;
        this.timeout = timeout;
        this.retrySettings = retrySettings;
        this.exchange = new CometChatExchange(webClient, app, timeout, retrySettings);
    }

    /** The app this client calls. */
    public CometChatApp app() {
        return this.app;
    }

    /** How this client retries. */
    public RetrySettings retrySettings() {
        return this.retrySettings;
    }

    /** A client of another app that shares this one's connections, timeout and retries. */
    public CometChatClient forApp(CometChatApp otherApp) {
        return otherApp.equals(this.app) ? this
                : new CometChatClient(this.webClient, otherApp, this.timeout, this.retrySettings);
    }

    /**
     * Mints an auth token: {@code POST /users/{uid}/auth_tokens}.
     * @param uid the user's UID
     * @param force whether to ask for a new token even if CometChat could hand back an existing one
     * @return the token; {@code ERR_UID_NOT_FOUND} when the user does not exist
     */
    public Mono<AuthToken> createAuthToken(String uid, boolean force) {
        return send(CometChatOperation.CREATE_AUTH_TOKEN, HttpMethod.POST, "/users/{uid}/auth_tokens",
                force ? Map.of("force", true) : Map.of(), AUTH_TOKEN, uid);
    }

    /** Lists a user's active auth tokens, newest first (the first page of 100). */
    public Mono<List<AuthToken>> listAuthTokens(String uid) {
        return listAuthTokens(uid, 1, AuthTokenPage.MAX_PER_PAGE).map(AuthTokenPage::tokens);
    }

    /**
     * Lists one page of a user's active auth tokens, newest first: {@code GET /users/{uid}/auth_tokens}.
     * @param uid the user
     * @param page the page, from 1
     * @param perPage tokens per page, 1 to {@link AuthTokenPage#MAX_PER_PAGE}
     * @return the page, with the number of pages there are
     */
    public Mono<AuthTokenPage> listAuthTokens(String uid, int page, int perPage) {
        if (page < 1 || perPage < 1 || perPage > AuthTokenPage.MAX_PER_PAGE) {
            return Mono.error(new IllegalArgumentException(
                    "page must be at least 1 and perPage between 1 and " + AuthTokenPage.MAX_PER_PAGE));
        }
        return sendForBody(CometChatOperation.LIST_AUTH_TOKENS, HttpMethod.GET,
                "/users/{uid}/auth_tokens?perPage={perPage}&page={page}", null, AUTH_TOKEN_PAGE, uid, perPage, page)
            .map((body) -> body.toPage(page));
    }

    /** Revokes one auth token; {@code ERR_AUTH_TOKEN_NOT_FOUND} when it is unknown. */
    public Mono<Void> deleteAuthToken(String uid, String authToken) {
        // The token travels in a header to the connection, which puts it in the path on the wire only: never in a
        // URL that is logged, traced or put in an exception (SecretPathSegments).
        return this.exchange.exchange(CometChatOperation.DELETE_AUTH_TOKEN, HttpMethod.DELETE,
                "/users/{uid}/auth_tokens/{authToken}", null, authToken, ACKNOWLEDGEMENT, uid,
                SecretPathSegments.PLACEHOLDER)
            .mapNotNull(DataEnvelope::data)
            .then();
    }

    /** Revokes all of a user's auth tokens. */
    public Mono<Void> flushAuthTokens(String uid) {
        return send(CometChatOperation.FLUSH_AUTH_TOKENS, HttpMethod.DELETE, "/users/{uid}/auth_tokens", null,
                ACKNOWLEDGEMENT, uid).then();
    }

    /** Creates a user; {@code 400 ERR_UID_ALREADY_EXISTS} when the UID is taken. */
    public Mono<CometChatUser> createUser(NewUser user) {
        return send(CometChatOperation.CREATE_USER, HttpMethod.POST, "/users", user, USER);
    }

    /** Reads a user; {@code ERR_UID_NOT_FOUND} when unknown. */
    public Mono<CometChatUser> getUser(String uid) {
        return send(CometChatOperation.GET_USER, HttpMethod.GET, "/users/{uid}", null, USER, uid);
    }

    /** Updates a user's profile; {@code ERR_UID_NOT_FOUND} when unknown. */
    public Mono<CometChatUser> updateUser(String uid, UserUpdate update) {
        return send(CometChatOperation.UPDATE_USER, HttpMethod.PUT, "/users/{uid}", update, USER, uid);
    }

    /**
     * Deletes a user.
     * @param uid the user's UID
     * @param permanent {@code true} erases the user; {@code false} only deactivates it
     */
    public Mono<Void> deleteUser(String uid, boolean permanent) {
        return send(CometChatOperation.DELETE_USER, HttpMethod.DELETE, "/users/{uid}", Map.of("permanent", permanent),
                ACKNOWLEDGEMENT, uid).then();
    }

    /**
     * Reactivates deactivated users: {@code PUT /users} with {@code {"uidsToActivate": [...]}}. Their existing
     * tokens work again.
     * @param uids 1 to {@value #MAX_BULK_UIDS} UIDs
     * @return which UIDs were reactivated, and which were not deactivated (unknown, or active)
     */
    public Mono<UserActivation> reactivateUsers(List<String> uids) {
        return bulk(uids).then(Mono.defer(() -> send(CometChatOperation.ACTIVATE_USERS, HttpMethod.PUT, "/users",
                Map.of("uidsToActivate", List.copyOf(uids)), USER_ACTIVATION)));
    }

    /**
     * Deactivates users: {@code DELETE /users} with {@code {"uidsToDeactivate": [...]}}. A deactivated user keeps its
     * UID taken, but cannot log in, be minted a token or be updated until it is reactivated.
     * @param uids 1 to {@value #MAX_BULK_UIDS} UIDs
     * @return which UIDs were deactivated, and which were not active (unknown, or deactivated already)
     */
    public Mono<UserDeactivation> deactivateUsers(List<String> uids) {
        return bulk(uids).then(Mono.defer(() -> send(CometChatOperation.DEACTIVATE_USERS, HttpMethod.DELETE, "/users",
                Map.of("uidsToDeactivate", List.copyOf(uids)), USER_DEACTIVATION)));
    }

    private static Mono<Void> bulk(List<String> uids) {
        if (uids == null || uids.isEmpty() || uids.size() > MAX_BULK_UIDS) {
            return Mono.error(new IllegalArgumentException(
                    "CometChat takes 1 to " + MAX_BULK_UIDS + " UIDs per call; split larger lists"));
        }
        return Mono.empty();
    }

    /**
     * A cheap authenticated call, the first page of one user ({@code GET /users?perPage=1}): completes when CometChat
     * is reachable and accepts the key, fails as any call would otherwise. For health checks.
     */
    public Mono<Void> checkAccess() {
        return send(CometChatOperation.CHECK_ACCESS, HttpMethod.GET, "/users?perPage=1", null, USERS).then();
    }

    private <T> Mono<T> send(CometChatOperation operation, HttpMethod method, String path, Object body,
            ParameterizedTypeReference<DataEnvelope<T>> type, Object... uriVariables) {
        return this.exchange.exchange(operation, method, path, body, null, type, uriVariables)
            .mapNotNull(DataEnvelope::data);
    }

    private <T> Mono<T> sendForBody(CometChatOperation operation, HttpMethod method, String path, Object body,
            ParameterizedTypeReference<T> type, Object... uriVariables) {
        return this.exchange.exchange(operation, method, path, body, null, type, uriVariables);
    }

}
