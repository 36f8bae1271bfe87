package io.cometgate.gateway.internal.edge;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.client.WebClient;

import io.cometgate.gateway.internal.audit.AuditLog;
import io.cometgate.gateway.internal.audit.EdgeMetrics;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.internal.ratelimit.LimitPolicy;
import io.cometgate.gateway.internal.ratelimit.LimitProbe;
import io.cometgate.gateway.internal.ratelimit.LimitSpec;
import io.cometgate.gateway.internal.ratelimit.PerUserRateLimiter;
import io.cometgate.gateway.config.RedisFailurePolicy;
import io.cometgate.gateway.uid.AuthenticatedIdentity;
import io.cometgate.gateway.uid.Caller;
import io.cometgate.gateway.uid.CallerResolver;
import io.cometgate.gateway.uid.UidPolicy;
import io.cometgate.gateway.internal.web.GatewayErrorMapper;
import io.cometgate.gateway.internal.web.JsonResponseWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read a route needs goes out with the per-user limit decision, not after it, and its answer is used only when
 * the limit allowed the request. The limit's answer is held back by the test, so the order is deterministic.
 */
class EdgeRequestHandlerTests {

    private static final LimitPolicy LIMIT = LimitPolicy.of("per-user", List.of(LimitSpec.parse("10/1m")));

    private final Sinks.One<LimitProbe> limitDecision = Sinks.one();

    private final AtomicInteger limitDecisionsAsked = new AtomicInteger();

    private final EdgeRequestHandler handler = new EdgeRequestHandler(
            new CallerResolver((principal) -> Optional.of(new AuthenticatedIdentity(principal.getName(), Map.of())),
                    (identity, policy) -> Mono.just(identity.name())),
            new PerUserRateLimiter((key, policy, onRedisFailure) -> {
                this.limitDecisionsAsked.incrementAndGet();
                return this.limitDecision.asMono();
            }, "rl:"),
            new JsonResponseWriter(JsonMapper.builder().build()), new GatewayErrorMapper(), new AuditLog(),
            new EdgeMetrics(new SimpleMeterRegistry()), Duration.ofSeconds(20));

    private final EdgeRoute route = new EdgeRoute(
            new CometChatClient(WebClient.create(),
                    new CometChatApp("app", "us", "key", URI.create("http://localhost:1/v3")), Duration.ofSeconds(1)),
            UidPolicy.of("sub", ""), LIMIT, RedisFailurePolicy.FAIL_OPEN);

    private final MockServerWebExchange exchange = MockServerWebExchange
        .builder(MockServerHttpRequest.post("/cometchat-token"))
        .principal(() -> "alice")
        .build();

    private final AtomicInteger readsStarted = new AtomicInteger();

    private final AtomicReference<Optional<String>> actionGot = new AtomicReference<>();

    @Test
    void handleWhenLimitNotDecidedYetThenReadAlreadyStartedAndActionWaits() {
        Mono<Void> handled = this.handler.handle(this.exchange, this.route, "test", this::read, this::action);

        handled.subscribe();

        assertThat(this.limitDecisionsAsked).hasValue(1);
        assertThat(this.readsStarted).hasValue(1);
        assertThat(this.actionGot).hasValue(null);
        this.limitDecision.tryEmitValue(probe(true));
        assertThat(this.actionGot).hasValue(Optional.of("read for alice"));
        assertThat(this.exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void handleWhenLimitRefusesThenReadAnswerUnusedAndRequestRefused() {
        this.handler.handle(this.exchange, this.route, "test", this::read, this::action).subscribe();
        assertThat(this.readsStarted).hasValue(1);

        this.limitDecision.tryEmitValue(probe(false));

        assertThat(this.actionGot).hasValue(null);
        assertThat(this.exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(this.exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("30");
    }

    @Test
    void handleWhenReadFindsNothingThenActionGetsEmpty() {
        this.limitDecision.tryEmitValue(probe(true));

        this.handler.handle(this.exchange, this.route, "test", (caller) -> {
            this.readsStarted.incrementAndGet();
            return Mono.<String>empty();
        }, this::action).block(Duration.ofSeconds(5));

        assertThat(this.actionGot).hasValue(Optional.empty());
        assertThat(this.exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private Mono<String> read(Caller caller) {
        return Mono.fromSupplier(() -> {
            this.readsStarted.incrementAndGet();
            return "read for " + caller.uid();
        });
    }

    private Mono<EdgeAnswer> action(Caller caller, Optional<String> read) {
        this.actionGot.set(read);
        return Mono.just(new EdgeAnswer(HttpStatus.OK, Map.of("uid", caller.uid()), "DONE"));
    }

    private static LimitProbe probe(boolean allowed) {
        return new LimitProbe(allowed, allowed ? 9 : 0, allowed ? Duration.ZERO : Duration.ofSeconds(30),
                List.of(new LimitProbe.LimitState(LIMIT.limits().get(0), allowed ? 9 : 0, Duration.ofSeconds(30))));
    }

}
