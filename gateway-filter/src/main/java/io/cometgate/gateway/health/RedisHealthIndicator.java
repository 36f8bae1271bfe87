package io.cometgate.gateway.health;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.util.Assert;

import io.cometgate.gateway.ratelimit.RedisFailurePolicy;

/**
 * Redis as the rate limits, the token cache and the mint lock see it: a PING bounded in time. While it fails, the
 * status says what the gateway does meanwhile: {@code fail-open} keeps serving with limits held per replica
 * ({@link CometGateStatus#DEGRADED}), {@code fail-closed} refuses token requests ({@code DOWN}).
 */
public final class RedisHealthIndicator implements ReactiveHealthIndicator {

    private final Supplier<Mono<String>> ping;

    private final Duration timeout;

    private final RedisFailurePolicy policy;

    /**
     * @param ping sends one PING on the shared connection
     * @param timeout the longest the PING may take
     * @param policy the gateway's default {@code cometchat.rate-limit.redis-failure}
     */
    public RedisHealthIndicator(Supplier<Mono<String>> ping, Duration timeout, RedisFailurePolicy policy) {
        Assert.notNull(ping, "ping cannot be null");
        Assert.notNull(timeout, "timeout cannot be null");
        Assert.notNull(policy, "policy cannot be null");
        this.ping = ping;
        this.timeout = timeout;
        this.policy = policy;
    }

    @Override
    public Mono<Health> health() {
        long start = System.nanoTime();
        return Mono.defer(this.ping)
            .timeout(this.timeout)
            .map((pong) -> Health.up()
                .withDetail("ping", pong)
                .withDetail("latencyMs", Duration.ofNanos(System.nanoTime() - start).toMillis())
                .build())
            .onErrorResume((ex) -> Mono.just(unreachable(ex)));
    }

    private Health unreachable(Throwable ex) {
        Health.Builder health = (this.policy == RedisFailurePolicy.FAIL_CLOSED) ? Health.down()
                : Health.status(CometGateStatus.DEGRADED);
        return health.withDetail("error", describe(ex))
            .withDetail("policy", this.policy.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .withDetail("meanwhile", (this.policy == RedisFailurePolicy.FAIL_CLOSED)
                    ? "token requests answered 503 RATE_LIMITER_UNAVAILABLE"
                    : "limits held in each replica's memory; no shared token cache or mint lock")
            .build();
    }

    private String describe(Throwable ex) {
        if (ex instanceof TimeoutException) {
            return "no answer to PING within " + this.timeout.toMillis() + " ms";
        }
        return ex.getClass().getSimpleName();
    }

}
