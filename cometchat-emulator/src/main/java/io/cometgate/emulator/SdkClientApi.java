package io.cometgate.emulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * The few client-API calls that the CometChat JavaScript SDK (4.2.0) makes for {@code CometChat.login(authToken)}
 * and {@code CometChat.logout()}, under {@value #PATH}, so that a browser page can log in to the emulator for real
 * with a token the gateway minted. The SDK is pointed here with
 * {@code AppSettingsBuilder.overrideClientHost("<host>:<port>/sdk")}.
 * <ul>
 * <li>{@code PUT /sdk/me} (what {@code login(authToken)} sends, header {@code authToken}) and {@code GET /sdk/me}:
 * {@code 200 {"data":{uid,name,...,authToken}}} when the token is one of the user's active tokens in the emulator's
 * store, else {@code 401 AUTH_ERR_AUTH_TOKEN_NOT_FOUND}, which the SDK hands to the app as the error code a revoked
 * token gets;</li>
 * <li>{@code DELETE /sdk/me} ({@code logout()}): {@code 200}; it does not revoke the token (revoking is the gateway's
 * job, through the REST API, and the tests count it there);</li>
 * <li>{@code POST /sdk/user_sessions} (the SDK's session report, a few seconds after login): {@code 200};</li>
 * <li>{@code GET /sdk/_counters}: logins accepted and rejected, logouts (not a CometChat call: for tests);</li>
 * <li>any {@code OPTIONS}: the CORS preflight, for any origin (the page is on another origin than the emulator).</li>
 * </ul>
 * No API key here, unlike {@code /v3}: the SDK authenticates with the user's auth token only. The live API's status
 * for an unknown token is not documented; the emulator answers 401 (the SDK decides on the {@code code}).
 * Realtime (the websocket) is not emulated: pages must build their settings with
 * {@code autoEstablishSocketConnection(false)}; {@code login} resolves without it.
 */
final class SdkClientApi {

    static final String PATH = "/sdk";

    private static final Logger log = LoggerFactory.getLogger(SdkClientApi.class);

    /** The live token format: {@code {uid}_} + 10-digit unix seconds + 30 lowercase hex characters. */
    private static final Pattern TOKEN = Pattern.compile("(.+)_\\d{10}[0-9a-f]{30}");

    private final UserStore users;

    private final JsonReplies replies;

    private final LongAdder loginsAccepted = new LongAdder();

    private final LongAdder loginsRejected = new LongAdder();

    private final LongAdder logouts = new LongAdder();

    SdkClientApi(UserStore users, JsonReplies replies) {
        this.users = users;
        this.replies = replies;
    }

    static boolean isSdkPath(String rawPath) {
        return rawPath.equals(PATH) || rawPath.startsWith(PATH + "/");
    }

    /** Handles a request whose path {@link #isSdkPath starts with /sdk}. */
    Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response, String rawPath) {
        return Mono.defer(() -> route(request, response, rawPath.substring(PATH.length())));
    }

    private Mono<Void> route(HttpServerRequest request, HttpServerResponse response, String subPath) {
        Map<String, String> cors = corsHeaders(request);
        String method = request.method().name();
        if (method.equals("OPTIONS")) {
            cors.put("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
            String asked = request.requestHeaders().get("Access-Control-Request-Headers");
            if (asked != null) {
                cors.put("Access-Control-Allow-Headers", asked);
            }
            cors.put("Access-Control-Max-Age", "600");
            cors.forEach(response::header);
            return response.status(HttpResponseStatus.NO_CONTENT).send();
        }
        String authToken = request.requestHeaders().get("authToken");
        return switch (method + " " + subPath) {
            case "PUT /me", "GET /me" -> this.replies.body(request)
                .onErrorResume(ApiException.class, (ignored) -> Mono.just(this.replies.mapper().createObjectNode()))
                .flatMap((ignored) -> me(response, authToken, cors));
            case "DELETE /me" -> {
                this.logouts.increment();
                yield ok(response, success(), cors);
            }
            case "POST /user_sessions" -> request.receive().then(ok(response, success(), cors));
            case "GET /_counters" -> ok(response, counters(), cors);
            default -> this.replies.sendError(response, ApiErrors.routeNotFound(method, PATH + subPath), cors);
        };
    }

    private Mono<Void> me(HttpServerResponse response, String authToken, Map<String, String> cors) {
        Optional<UserState> user = userOf(authToken);
        if (user.isEmpty()) {
            this.loginsRejected.increment();
            log.debug("SDK login with an unknown auth token: answering AUTH_ERR_AUTH_TOKEN_NOT_FOUND");
            return this.replies.sendError(response, authTokenNotFound(), cors);
        }
        this.loginsAccepted.increment();
        UserState state = user.get();
        log.debug("SDK login uid={}", state.uid());
        ObjectNode root = this.replies.mapper().createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("uid", state.uid());
        data.put("name", state.name());
        if (state.avatar() != null && !state.avatar().isEmpty()) {
            data.put("avatar", state.avatar());
        }
        data.put("status", "online");
        data.put("role", state.role());
        data.put("createdAt", state.createdAt());
        // The SDK compares this with the token it logged in with; a different one would make it log in twice.
        data.put("authToken", authToken);
        return ok(response, root, cors);
    }

    /** The user whose active token this is, if any: the uid is read from the token, then checked in the store. */
    private Optional<UserState> userOf(String authToken) {
        if (authToken == null) {
            return Optional.empty();
        }
        Matcher matcher = TOKEN.matcher(authToken);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String uid = matcher.group(1);
        return this.users.isTokenValid(uid, authToken) ? this.users.find(uid) : Optional.empty();
    }

    private static ApiException authTokenNotFound() {
        // Never the token itself: messages end up in browser consoles and test logs.
        String message = "The auth token does not exist or has been revoked. Please log in with a valid auth token.";
        return new ApiException(401, "AUTH_ERR_AUTH_TOKEN_NOT_FOUND", message, message, null);
    }

    private ObjectNode success() {
        ObjectNode root = this.replies.mapper().createObjectNode();
        root.putObject("data").put("success", true);
        return root;
    }

    private ObjectNode counters() {
        return this.replies.mapper().createObjectNode()
            .put("loginsAccepted", this.loginsAccepted.sum())
            .put("loginsRejected", this.loginsRejected.sum())
            .put("logouts", this.logouts.sum());
    }

    private Mono<Void> ok(HttpServerResponse response, ObjectNode body, Map<String, String> cors) {
        return this.replies.send(response, 200, body, cors);
    }

    /** The page calling the SDK is on another origin: any origin may, as the emulator is a development tool. */
    private static Map<String, String> corsHeaders(HttpServerRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        String origin = request.requestHeaders().get("Origin");
        if (origin != null) {
            headers.put("Access-Control-Allow-Origin", origin);
            headers.put("Vary", "Origin");
        }
        return headers;
    }
}
