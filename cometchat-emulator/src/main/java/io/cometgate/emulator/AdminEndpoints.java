package io.cometgate.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The knobs and counters over HTTP, under {@code /_emulator}, for a standalone emulator driven by a load test or a
 * script in another process. No API key: these endpoints are not part of CometChat and never reach a real one.
 * <ul>
 * <li>{@code GET /_emulator/health}: {@code {"status":"UP"}}</li>
 * <li>{@code GET /_emulator/counters}: {@code {"CREATE_USER":n,...,"total":n}}</li>
 * <li>{@code POST /_emulator/counters/reset}: zeroes the counters</li>
 * <li>{@code POST /_emulator/reset}: users, tokens, faults, latency, rate limit and counters back to a fresh start</li>
 * <li>{@code GET /_emulator/faults}: the knobs as set</li>
 * <li>{@code POST /_emulator/faults}: sets knobs; every field optional:
 * {@code {"latencyMs":n,"failNext":{"count":n,"status":n,"code":"..."},"resetNext":n,"hangNext":n,
 * "rateLimitPerMinute":n,"retryAfterSeconds":n,"coreRateLimitPerMinute":n,"standardRateLimitPerMinute":n,
 * "freePlan":bool,"maxUsers":n,"tokenCap":n,"timestampOffsetSeconds":n}} ({@code timestampOffsetSeconds} may be
 * negative). The whole body is validated before anything changes.</li>
 * <li>{@code POST /_emulator/tokens/created-at}: {@code {"uid":"u1","authToken":"...","createdAt":unixSeconds}}
 * moves one token's {@code createdAt} (to age it); answers the token, or 404 for an unknown user or token.</li>
 * </ul>
 */
final class AdminEndpoints {

    private final CallCounters counters;

    private final FaultInjector faults;

    private final AppRateLimiter rateLimiter;

    private final UserStore users;

    private final Runnable resetAll;

    private final JsonReplies replies;

    AdminEndpoints(CallCounters counters, FaultInjector faults, AppRateLimiter rateLimiter, UserStore users,
            Runnable resetAll, JsonReplies replies) {
        this.counters = counters;
        this.faults = faults;
        this.rateLimiter = rateLimiter;
        this.users = users;
        this.resetAll = resetAll;
        this.replies = replies;
    }

    /** Handles {@code subPath}, the part after {@code /_emulator}. */
    Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response, String subPath) {
        return Mono.defer(() -> route(request, response, subPath));
    }

    private Mono<Void> route(HttpServerRequest request, HttpServerResponse response, String subPath) {
        String route = request.method().name() + " " + subPath;
        return switch (route) {
            case "GET /health" -> ok(response, this.replies.mapper().createObjectNode().put("status", "UP"));
            case "GET /counters" -> ok(response, counters());
            case "POST /counters/reset" -> {
                this.counters.reset();
                yield ok(response, counters());
            }
            case "POST /reset" -> {
                this.resetAll.run();
                yield ok(response, this.replies.mapper().createObjectNode().put("success", true));
            }
            case "GET /faults" -> ok(response, faults());
            case "POST /faults" -> this.replies.body(request)
                .doOnNext(this::applyFaults)
                .flatMap((body) -> ok(response, faults()))
                .onErrorResume(ApiException.class, (error) -> this.replies.sendError(response, error, Map.of()));
            case "POST /tokens/created-at" -> this.replies.body(request)
                .map(this::ageToken)
                .flatMap((body) -> ok(response, body))
                .onErrorResume(ApiException.class, (error) -> this.replies.sendError(response, error, Map.of()));
            default -> this.replies.sendError(response,
                    ApiErrors.routeNotFound(request.method().name(), EmulatorRoutes.ADMIN_PATH + subPath), Map.of());
        };
    }

    private Mono<Void> ok(HttpServerResponse response, JsonNode body) {
        return this.replies.send(response, 200, body, Map.of());
    }

    private ObjectNode counters() {
        ObjectNode body = this.replies.mapper().createObjectNode();
        for (Operation operation : Operation.values()) {
            body.put(operation.name(), this.counters.calls(operation));
        }
        body.put("total", this.counters.total());
        return body;
    }

    private ObjectNode faults() {
        FaultInjector.Settings settings = this.faults.settings();
        AppRateLimiter.Limits limits = this.rateLimiter.limits();
        ObjectNode body = this.replies.mapper().createObjectNode();
        body.put("latencyMs", settings.latency().toMillis());
        ObjectNode failNext = body.putObject("failNext").put("count", settings.failRemaining());
        if (settings.failCode() != null) {
            failNext.put("status", settings.failStatus()).put("code", settings.failCode());
        }
        body.put("resetNext", settings.resetRemaining());
        body.put("hangNext", settings.hangRemaining());
        body.put("rateLimitPerMinute", limits.appPerMinute());
        if (limits.retryAfter() != null) {
            body.put("retryAfterSeconds", limits.retryAfter().toSeconds());
        }
        body.put("coreRateLimitPerMinute", limits.corePerMinute());
        body.put("standardRateLimitPerMinute", limits.standardPerMinute());
        body.put("freePlan", limits.freePlan());
        body.put("maxUsers", this.users.maxUsers());
        body.put("tokenCap", this.users.tokenCap());
        body.put("timestampOffsetSeconds", this.users.timestampOffsetSeconds());
        return body;
    }

    /** Validates the whole request first, so a bad field leaves every knob as it was. */
    private void applyFaults(ObjectNode body) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        Integer latencyMs = count(body, "latencyMs", problems);
        Integer resetNext = count(body, "resetNext", problems);
        Integer hangNext = count(body, "hangNext", problems);
        Integer rateLimit = count(body, "rateLimitPerMinute", problems);
        Integer retryAfter = count(body, "retryAfterSeconds", problems);
        Integer corePerMinute = positive(body, "coreRateLimitPerMinute", problems);
        Integer standardPerMinute = positive(body, "standardRateLimitPerMinute", problems);
        Boolean freePlan = bool(body, "freePlan", problems);
        Integer maxUsers = count(body, "maxUsers", problems);
        Integer tokenCap = count(body, "tokenCap", problems);
        Long offsetSeconds = signedLong(body, "timestampOffsetSeconds", problems);
        JsonNode failNode = body.path("failNext");
        Integer failCount = null;
        Integer failStatus = null;
        String failCode = null;
        if (!failNode.isMissingNode() && !failNode.isNull()) {
            if (!failNode.isObject()) {
                problem(problems, "failNext", "The failNext must be an object with count, status and code.");
            }
            else {
                failCount = count(failNode, "count", problems);
                failStatus = count(failNode, "status", problems);
                if (failStatus == null || failStatus < 100 || failStatus > 599) {
                    problem(problems, "failNext.status", "The failNext.status must be an HTTP status (100-599).");
                }
                failCode = failNode.path("code").isString() ? failNode.path("code").stringValue() : null;
                if ((failCode == null || failCode.isBlank()) && Integer.valueOf(429).equals(failStatus)) {
                    failCode = "ERR_TOO_MANY_REQUESTS";
                }
                if (failCode == null || failCode.isBlank()) {
                    problem(problems, "failNext.code", "The failNext.code field is required, e.g. \"ERR_...\".");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw ApiErrors.badRequest(problems);
        }
        if (latencyMs != null) {
            this.faults.latency(Duration.ofMillis(latencyMs));
        }
        if (failStatus != null) {
            this.faults.failNext((failCount != null) ? failCount : 1, failStatus, failCode);
        }
        if (resetNext != null) {
            this.faults.resetConnectionNext(resetNext);
        }
        if (hangNext != null) {
            this.faults.hangNext(hangNext);
        }
        if (rateLimit != null || retryAfter != null) {
            AppRateLimiter.Limits current = this.rateLimiter.limits();
            this.rateLimiter.configure((rateLimit != null) ? rateLimit : current.appPerMinute(),
                    (retryAfter != null) ? Duration.ofSeconds(retryAfter) : current.retryAfter());
        }
        if (corePerMinute != null || standardPerMinute != null) {
            AppRateLimiter.Limits current = this.rateLimiter.limits();
            this.rateLimiter.tiers((corePerMinute != null) ? corePerMinute : current.corePerMinute(),
                    (standardPerMinute != null) ? standardPerMinute : current.standardPerMinute());
        }
        if (freePlan != null) {
            this.rateLimiter.freePlan(freePlan);
        }
        if (maxUsers != null) {
            this.users.maxUsers(maxUsers);
        }
        if (tokenCap != null) {
            this.users.tokenCap(tokenCap);
        }
        if (offsetSeconds != null) {
            this.users.timestampOffsetSeconds(offsetSeconds);
        }
    }

    private ObjectNode ageToken(ObjectNode body) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        String uid = body.path("uid").isString() ? body.path("uid").stringValue() : null;
        String authToken = body.path("authToken").isString() ? body.path("authToken").stringValue() : null;
        Long createdAt = signedLong(body, "createdAt", problems);
        if (uid == null || uid.isBlank()) {
            problem(problems, "uid", "The uid field is required.");
        }
        if (authToken == null || authToken.isBlank()) {
            problem(problems, "authToken", "The authToken field is required.");
        }
        if (createdAt == null && !problems.containsKey("createdAt")) {
            problem(problems, "createdAt", "The createdAt field is required (unix seconds).");
        }
        if (!problems.isEmpty()) {
            throw ApiErrors.badRequest(problems);
        }
        AuthToken aged = this.users.ageToken(uid, authToken, createdAt);
        ObjectNode root = this.replies.mapper().createObjectNode();
        root.putObject("data")
            .put("uid", aged.uid())
            .put("authToken", aged.authToken())
            .put("createdAt", aged.createdAt());
        return root;
    }

    /** A whole number of at least 1, {@code null} when absent. */
    private static Integer positive(JsonNode body, String field, Map<String, List<String>> problems) {
        Integer value = count(body, field, problems);
        if (value != null && value < 1) {
            problem(problems, field, "The " + field + " must be at least 1.");
            return null;
        }
        return value;
    }

    private static Boolean bool(JsonNode body, String field, Map<String, List<String>> problems) {
        JsonNode node = body.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            problem(problems, field, "The " + field + " must be true or false.");
            return null;
        }
        return node.booleanValue();
    }

    /** Any whole number (negative too), {@code null} when absent. */
    private static Long signedLong(JsonNode body, String field, Map<String, List<String>> problems) {
        JsonNode node = body.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            problem(problems, field, "The " + field + " must be a whole number.");
            return null;
        }
        return node.longValue();
    }

    /** A zero-or-positive integer field, {@code null} when absent. */
    private static Integer count(JsonNode body, String field, Map<String, List<String>> problems) {
        JsonNode node = body.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
            problem(problems, field, "The " + field + " must be a whole number, zero or more.");
            return null;
        }
        return node.intValue();
    }

    private static void problem(Map<String, List<String>> problems, String field, String message) {
        problems.computeIfAbsent(field, (k) -> new ArrayList<>()).add(message);
    }
}
