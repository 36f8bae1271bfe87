package io.cometgate.gateway.internal.edge;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

import io.cometgate.gateway.internal.audit.AuditLog;
import io.cometgate.gateway.internal.audit.EdgeMetrics;
import io.cometgate.gateway.client.RequestDeadline;
import io.cometgate.gateway.client.UpstreamCallCounter;
import io.cometgate.gateway.internal.ratelimit.PerUserRateLimiter;
import io.cometgate.gateway.internal.ratelimit.RateLimitHeaders;
import io.cometgate.gateway.internal.ratelimit.RetryLaterException;
import io.cometgate.gateway.internal.redis.RedisAnswerHandOff;
import io.cometgate.gateway.uid.Caller;
import io.cometgate.gateway.uid.CallerResolver;
import io.cometgate.gateway.internal.web.GatewayError;
import io.cometgate.gateway.internal.web.GatewayErrorException;
import io.cometgate.gateway.internal.web.GatewayErrorMapper;
import io.cometgate.gateway.internal.web.JsonResponseWriter;

/**
 * The steps every CometGate route shares, in order: find the caller from its authenticated principal only, take one
 * request from its per-user limit (and say so in the rate-limit headers), run the route's action, answer with JSON
 * or a stable JSON error, and write one audit line and its metrics. The filter factories only choose the action.
 * <p>
 * Every CometChat call of the request, retries included, shares one deadline ({@code cometchat.request-timeout}),
 * counted from the request's arrival: past it the request is answered {@code 504 COMETCHAT_TIMEOUT} and no further
 * call is sent.
 */
public final class EdgeRequestHandler {

    private final CallerResolver callerResolver;

    private final PerUserRateLimiter rateLimiter;

    private final JsonResponseWriter responseWriter;

    private final GatewayErrorMapper errorMapper;

    private final AuditLog auditLog;

    private final EdgeMetrics metrics;

    private final Duration requestTimeout;

    /**
     * @param callerResolver who the caller is
     * @param rateLimiter the per-user limit
     * @param responseWriter writes JSON answers
     * @param errorMapper maps failures to errors
     * @param auditLog the audit line
     * @param metrics the metrics
     * @param requestTimeout the time every CometChat call of one request may take in all
     */
    public EdgeRequestHandler(CallerResolver callerResolver, PerUserRateLimiter rateLimiter,
            JsonResponseWriter responseWriter, GatewayErrorMapper errorMapper, AuditLog auditLog, EdgeMetrics metrics,
            Duration requestTimeout) {
        Assert.notNull(callerResolver, "callerResolver cannot be null");
        Assert.notNull(rateLimiter, "rateLimiter cannot be null");
        Assert.notNull(responseWriter, "responseWriter cannot be null");
        Assert.notNull(errorMapper, "errorMapper cannot be null");
        Assert.notNull(auditLog, "auditLog cannot be null");
        Assert.notNull(metrics, "metrics cannot be null");
        Assert.isTrue(requestTimeout != null && requestTimeout.compareTo(Duration.ZERO) > 0,
                "requestTimeout must be positive");
        this.callerResolver = callerResolver;
        this.rateLimiter = rateLimiter;
        this.responseWriter = responseWriter;
        this.errorMapper = errorMapper;
        this.auditLog = auditLog;
        this.metrics = metrics;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Handles a request for the caller.
     * @param exchange the exchange
     * @param route the route's settings
     * @param event the audit event, such as {@code cometchat.token.mint}
     * @param action what the route does for the caller
     * @return completes when the answer is written
     */
    public Mono<Void> handle(ServerWebExchange exchange, EdgeRoute route, String event,
            Function<Caller, Mono<EdgeAnswer>> action) {
        // The same steps with nothing to read beside the limit decision.
        return handle(exchange, route, event, (caller) -> Mono.empty(),
                (caller, nothingRead) -> action.apply(caller));
    }

    /**
     * Handles a request for the caller, starting a read the action needs at the same time as the per-user limit
     * decision rather than after it: on a shared Redis connection both travel together (Lettuce pipelines them), so
     * the read adds no round trip to the request. The read's answer reaches the action only if the limit allowed the
     * request; a refused request discards it.
     * @param <T> what the read finds
     * @param exchange the exchange
     * @param route the route's settings
     * @param event the audit event, such as {@code cometchat.token.mint}
     * @param readAlongsideLimit a read that never fails (a failure is "nothing found"), started with the limit decision
     * @param action what the route does for the caller, given what the read found
     * @return completes when the answer is written
     */
    public <T> Mono<Void> handle(ServerWebExchange exchange, EdgeRoute route, String event,
            Function<Caller, Mono<T>> readAlongsideLimit, BiFunction<Caller, Optional<T>, Mono<EdgeAnswer>> action) {
        RequestRecord record = new RequestRecord(event);
        Mono<Void> answered = this.callerResolver.resolve(exchange, route.uidPolicy())
            .doOnNext((caller) -> record.uid = caller.uid())
            .flatMap((caller) -> {
                Mono<Optional<T>> read = readAlongsideLimit.apply(caller)
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty());
                // zip subscribes to the limit decision first, then to the read, without waiting in between; a refusal
                // errors the zip and cancels the read, whose answer is then never used.
                return Mono.zip(consumeUserLimit(exchange, route, caller).thenReturn(Boolean.TRUE), read)
                    .flatMap((allowedAndRead) -> action.apply(caller, allowedAndRead.getT2()));
            })
            .flatMap((answer) -> answer(exchange, record, answer));
        return finish(exchange, route, record, answered);
    }

    private Mono<Void> answer(ServerWebExchange exchange, RequestRecord record, EdgeAnswer answer) {
        record.outcome = answer.outcome();
        return (answer.body() != null) ? this.responseWriter.write(exchange, answer.status(), answer.body())
                : this.responseWriter.writeEmpty(exchange, answer.status());
    }

    /**
     * Refuses a request without looking at the caller, such as a method the route does not answer.
     * @param exchange the exchange
     * @param route the route's settings
     * @param event the audit event
     * @param error the error to answer
     * @return completes when the error is written
     */
    public Mono<Void> reject(ServerWebExchange exchange, EdgeRoute route, String event, GatewayError error) {
        return finish(exchange, route, new RequestRecord(event), Mono.error(new GatewayErrorException(error)));
    }

    private Mono<Void> consumeUserLimit(ServerWebExchange exchange, EdgeRoute route, Caller caller) {
        if (route.userLimit() == null) {
            return Mono.empty();
        }
        return this.rateLimiter.consume(route.app().appId(), caller.uid(), route.userLimit(), route.onRedisFailure())
            .flatMap((probe) -> {
                RateLimitHeaders.write(exchange.getResponse().getHeaders(), route.userLimit(), probe);
                return probe.allowed() ? Mono.empty() : Mono.error(new RetryLaterException(
                        RetryLaterException.Reason.USER_RATE_LIMITED, "Per-user rate limit exceeded", probe.retryAfter()));
            });
    }

    private Mono<Void> finish(ServerWebExchange exchange, EdgeRoute route, RequestRecord record, Mono<Void> answered) {
        long start = System.nanoTime();
        UpstreamCallCounter upstreamCalls = new UpstreamCallCounter();
        return answered
            .onErrorResume((failure) -> {
                GatewayError error = this.errorMapper.toError(failure, route.app());
                record.outcome = error.code();
                return this.responseWriter.writeError(exchange, error);
            })
            .contextWrite(upstreamCalls::addTo)
            // Redis answers continue on the event loop serving this request.
            .contextWrite((context) -> RedisAnswerHandOff.forRequest(context, exchange))
            // Evaluated at subscription: the deadline counts from the request's arrival.
            .contextWrite((context) -> RequestDeadline.after(this.requestTimeout).addTo(context))
            .doFinally((signal) -> {
                AuditLog.AuditEntry entry = new AuditLog.AuditEntry(record.event, routeId(exchange),
                        route.app().appId(), record.uid, record.outcome, statusOf(exchange),
                        Duration.ofNanos(System.nanoTime() - start), upstreamCalls.calls());
                this.auditLog.record(entry);
                this.metrics.record(entry);
            });
    }

    private static String routeId(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return (route != null) ? route.getId() : "-";
    }

    private static int statusOf(ServerWebExchange exchange) {
        return (exchange.getResponse().getStatusCode() != null) ? exchange.getResponse().getStatusCode().value() : 0;
    }

    /** What the audit line says of one request; filled in as the chain runs. */
    private static final class RequestRecord {

        private final String event;

        private volatile String uid = "-";

        private volatile String outcome = "CANCELLED";

        RequestRecord(String event) {
            this.event = event;
        }

    }

}
