package io.cometgate.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.cometgate.emulator.FaultInjector.Fault;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP entry point: sends {@code /_emulator} to the admin endpoints and runs every {@code /v3} call through the
 * same pipeline, in the order a client experiences the live API and the network in front of it:
 * <ol>
 * <li>count the call (whatever happens next);</li>
 * <li>injected faults: hang, connection reset, or an error answer after the latency;</li>
 * <li>latency;</li>
 * <li>the rate limit of the operation's tier and the app-wide cap ({@code 429}); every answer from here on, and
 * injected error answers, carry the four rate-limit headers;</li>
 * <li>the {@code apikey} header ({@code 401});</li>
 * <li>the route and its handler.</li>
 * </ol>
 * Nothing here blocks: latency is a {@link Mono#delay}, a hang is a {@link Mono#never} that ends when the client
 * closes the connection.
 *
 * <p>The log never contains the API key or a token: a request is logged by its operation and uid only.
 */
final class EmulatorRoutes implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger log = LoggerFactory.getLogger(EmulatorRoutes.class);

    static final String ADMIN_PATH = "/_emulator";

    static final String API_KEY_HEADER = "apikey";

    private static final int DEFAULT_PER_PAGE = 100;

    private final byte[] apiKey;

    private final UserStore users;

    private final FaultInjector faults;

    private final AppRateLimiter rateLimiter;

    private final CallCounters counters;

    private final JsonReplies replies;

    private final JsonViews views;

    private final AdminEndpoints admin;

    private final SdkClientApi sdk;

    private final Clock clock;

    EmulatorRoutes(String apiKey, UserStore users, FaultInjector faults, AppRateLimiter rateLimiter,
            CallCounters counters, JsonReplies replies, AdminEndpoints admin, Clock clock) {
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
        this.users = users;
        this.faults = faults;
        this.rateLimiter = rateLimiter;
        this.counters = counters;
        this.replies = replies;
        this.views = new JsonViews(replies.mapper());
        this.admin = admin;
        this.sdk = new SdkClientApi(users, replies);
        this.clock = clock;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        // Reactor Netty subscribes as soon as the request head arrives, so deferring keeps "counted on arrival" true
        // while guaranteeing that nothing is done, or thrown, before subscription.
        return Mono.defer(() -> route(request, response));
    }

    private Mono<Void> route(HttpServerRequest request, HttpServerResponse response) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.rawPath();
        if (path.equals(ADMIN_PATH) || path.startsWith(ADMIN_PATH + "/")) {
            return Mono.from(this.admin.handle(request, response, path.substring(ADMIN_PATH.length())));
        }
        if (SdkClientApi.isSdkPath(path)) {
            return Mono.from(this.sdk.handle(request, response, path));
        }
        if (!ApiRoute.isApiPath(path)) {
            return this.replies.sendError(response, ApiErrors.routeNotFound(request.method().name(), path), Map.of());
        }
        ApiRoute route = ApiRoute.match(request.method(), path);
        this.counters.record(route.operation());
        Fault fault = this.faults.next();
        switch (fault.kind()) {
            case HANG:
                log.debug("{} uid={}: hanging as injected", route.operation(), route.uid());
                return Mono.never();
            case RESET:
                log.debug("{} uid={}: resetting the connection as injected", route.operation(), route.uid());
                return resetConnection(response);
            default:
                break;
        }
        Mono<Void> answer = Mono.defer(() -> (fault.kind() == FaultInjector.Kind.FAIL)
                ? sendInjectedFailure(response, route, fault) : serve(request, response, route, uri));
        Duration latency = this.faults.latency();
        return latency.isZero() ? answer : Mono.delay(latency).then(answer);
    }

    /**
     * Closes the connection with SO_LINGER 0, so the client sees a TCP reset rather than a clean end of stream.
     * A clean close on a pooled connection is something HTTP clients may silently retry; a reset is the failure the
     * knob promises. The returned {@link Mono#never} is cancelled by Reactor Netty when the channel closes.
     */
    private Mono<Void> resetConnection(HttpServerResponse response) {
        response.withConnection((connection) -> {
            connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            connection.channel().close();
        });
        return Mono.never();
    }

    private Mono<Void> sendInjectedFailure(HttpServerResponse response, ApiRoute route, Fault fault) {
        // An injected answer carries the rate-limit headers too (the live API sends them on every answer), read
        // without spending a call, so arming a fault never changes what the limiter allows afterwards.
        long now = this.clock.millis();
        Map<String, String> headers = this.rateLimiter.peek(tierOf(route), now).headers();
        if (fault.status() == 429) {
            long retryAfter = this.rateLimiter.injectedRetryAfterSeconds();
            headers.put("Retry-After", Long.toString(retryAfter));
            headers.put("X-Rate-Limit-Reset", Long.toString(now / 1000 + retryAfter));
        }
        log.debug("{} uid={}: answering {} {} as injected", route.operation(), route.uid(), fault.status(),
                fault.code());
        return this.replies.sendError(response, ApiErrors.injected(fault.status(), fault.code()), headers);
    }

    /** An unknown route spends the standard budget: on the live API it is "everything else". */
    private static RateLimitTier tierOf(ApiRoute route) {
        return (route.operation() != null) ? route.operation().tier() : RateLimitTier.STANDARD;
    }

    private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response, ApiRoute route,
            QueryStringDecoder uri) {
        AppRateLimiter.Decision decision = this.rateLimiter.acquire(tierOf(route), this.clock.millis());
        Map<String, String> headers = decision.headers();
        Mono<Reply> reply;
        if (!decision.allowed()) {
            headers.put("Retry-After", Long.toString(decision.retryAfterSeconds()));
            headers.put("X-Rate-Limit-Reset", Long.toString(decision.resetEpochSeconds()));
            reply = Mono.error(ApiErrors.tooManyRequests(decision.retryAfterSeconds()));
        }
        else {
            reply = Mono.defer(() -> {
                checkApiKey(request.requestHeaders().get(API_KEY_HEADER));
                if (route.operation() == null) {
                    throw ApiErrors.routeNotFound(request.method().name(), uri.rawPath());
                }
                return handle(request, route, uri.parameters());
            });
        }
        return reply.onErrorResume((ex) -> Mono.just(Reply.error(asApiException(route, ex))))
            .flatMap((answer) -> {
                log.debug("{} uid={} -> {}", route.operation(), route.uid(), answer.status());
                JsonNode body = (answer.error() != null) ? ApiErrors.envelope(this.replies.mapper(), answer.error())
                        : answer.body();
                return this.replies.send(response, answer.status(), body, headers);
            });
    }

    private static ApiException asApiException(ApiRoute route, Throwable ex) {
        if (ex instanceof ApiException apiException) {
            return apiException;
        }
        // A bug in the emulator: answer like a server error so the client under test sees a failure, and say so.
        log.error("{} failed unexpectedly; answering 500", route.operation(), ex);
        String message = "The CometChat emulator failed: " + ex.getClass().getSimpleName();
        return new ApiException(500, "ERR_INTERNAL_SERVER_ERROR", message, message, null);
    }

    private void checkApiKey(String presented) {
        if (presented == null || presented.isBlank()) {
            throw ApiErrors.emptyApiKey();
        }
        // Constant-time comparison: the emulator stands in for a service whose keys are secrets.
        if (!MessageDigest.isEqual(this.apiKey, presented.getBytes(StandardCharsets.UTF_8))) {
            throw ApiErrors.apiKeyNotFound(presented);
        }
    }

    private Mono<Reply> handle(HttpServerRequest request, ApiRoute route, Map<String, List<String>> query) {
        String uid = route.uid();
        return switch (route.operation()) {
            case CREATE_USER -> this.replies.body(request)
                .map((body) -> Reply.ok(this.views.createdUser(this.users.create(UserValidation.parseCreate(body)))));
            case LIST_USERS -> Mono.fromCallable(() -> {
                int perPage = positiveInt(query, "perPage", DEFAULT_PER_PAGE);
                int page = positiveInt(query, "page", 1);
                return Reply.ok(this.views.userPage(this.users.listUsers(perPage, page), this.users.nowSeconds()));
            });
            case ACTIVATE_USERS -> this.replies.body(request).map((body) -> Reply.ok(this.views
                .activation(this.users.activate(UserValidation.parseUidList(body, "uidsToActivate")))));
            case DEACTIVATE_USERS -> this.replies.body(request).map((body) -> Reply.ok(this.views
                .deactivation(this.users.deactivate(UserValidation.parseUidList(body, "uidsToDeactivate")))));
            case GET_USER -> Mono.fromCallable(() -> Reply.ok(this.views.user(this.users.get(uid))));
            case UPDATE_USER -> this.replies.body(request)
                .map((body) -> Reply.ok(this.views.user(this.users.update(uid, UserValidation.parseUpdate(body)))));
            case DELETE_USER -> this.replies.body(request).map((body) -> {
                this.users.delete(uid, body.path("permanent").asBoolean(false));
                return Reply.ok(this.views.success("User with UID " + uid + " has been deleted successfully."));
            });
            // Decision on "force": every call mints a new token, with or without it. The reference only weakly
            // evidences that the live API returns the latest token without "force", so a client must not depend on
            // reuse; always minting also makes a token cap (a knob, off by default) visible to tests. The body is
            // still parsed, so malformed JSON is rejected as on the live API.
            case CREATE_AUTH_TOKEN -> this.replies.body(request)
                .map((body) -> Reply.ok(this.views.token(this.users.mintToken(uid))));
            case LIST_AUTH_TOKENS -> Mono.fromCallable(() -> {
                int perPage = positiveInt(query, "perPage", DEFAULT_PER_PAGE);
                int page = positiveInt(query, "page", 1);
                return Reply.ok(this.views.tokenPage(this.users.listTokens(uid, perPage, page)));
            });
            case GET_AUTH_TOKEN -> Mono.fromCallable(() -> Reply.ok(this.views.token(this.users.token(uid,
                    route.authToken()))));
            // "200, the token unchanged" (cometchat-rest-v3.md, "Users"): there is nothing on a token to update.
            case UPDATE_AUTH_TOKEN -> this.replies.body(request)
                .map((body) -> Reply.ok(this.views.token(this.users.token(uid, route.authToken()))));
            case DELETE_AUTH_TOKEN -> Mono.fromCallable(() -> {
                this.users.deleteToken(uid, route.authToken());
                return Reply.ok(this.views.success("Auth Token deleted successfully."));
            });
            case FLUSH_AUTH_TOKENS -> Mono.fromCallable(() -> {
                this.users.flushTokens(uid);
                return Reply.ok(this.views.success("Cleared Auth Tokens successfully for uid " + uid + "."));
            });
        };
    }

    private static int positiveInt(Map<String, List<String>> query, String name, int defaultValue) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty() || values.get(0).isBlank()) {
            return defaultValue;
        }
        String label = "perPage".equals(name) ? "per page" : name;
        int value;
        try {
            value = Integer.parseInt(values.get(0).trim());
        }
        catch (NumberFormatException ex) {
            throw ApiErrors.badRequest(Map.of(name, List.of("The " + label + " must be an integer.")));
        }
        if (value < 1) {
            throw ApiErrors.badRequest(Map.of(name, List.of("The " + label + " must be at least 1.")));
        }
        return value;
    }

    /** A successful body or an error, before it is written. */
    private record Reply(int status, ObjectNode body, ApiException error) {

        static Reply ok(ObjectNode body) {
            return new Reply(200, body, null);
        }

        static Reply error(ApiException error) {
            return new Reply(error.status(), null, error);
        }
    }
}
