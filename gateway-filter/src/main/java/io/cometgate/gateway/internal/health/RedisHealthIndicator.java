package io.cometgate.gateway.internal.health;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.util.Assert;

import io.cometgate.gateway.config.RedisFailurePolicy;

/**
 * Redis as the rate limits, the token cache and the mint lock see it: a PING bounded in time. While it fails, the
 * status says what the gateway does meanwhile: {@code fail-open} keeps serving with limits held per replica
 * ({@link CometGateStatus#DEGRADED}), {@code fail-closed} refuses token requests ({@code DOWN}). A Redis that has
 * not worked since start is {@code DOWN} whatever the policy: that is a misconfiguration (an address, a TLS trust, a
 * password, an ACL user's permissions) until it works, and a replica should not be taken as ready meanwhile.
 */
public final class RedisHealthIndicator implements ReactiveHealthIndicator {

    private final Supplier<Mono<String>> ping;

    private final Duration timeout;

    private final RedisFailurePolicy policy;

    private final Supplier<String> neverWorkedBecause;

    /**
     * @param ping sends one PING on the shared connection
     * @param timeout the longest the PING may take
     * @param policy the gateway's default {@code cometchat.rate-limit.redis-failure}
     */
    public RedisHealthIndicator(Supplier<Mono<String>> ping, Duration timeout, RedisFailurePolicy policy) {
        this(ping, timeout, policy, () -> null);
    }

    /**
     * @param ping sends one PING on the shared connection
     * @param timeout the longest the PING may take
     * @param policy the gateway's default {@code cometchat.rate-limit.redis-failure}
     * @param neverWorkedBecause why Redis has not worked for CometGate since start, or {@code null} when it has (or
     * its first check is still running)
     */
    public RedisHealthIndicator(Supplier<Mono<String>> ping, Duration timeout, RedisFailurePolicy policy,
            Supplier<String> neverWorkedBecause) {
        Assert.notNull(ping, "ping cannot be null");
        Assert.notNull(timeout, "timeout cannot be null");
        Assert.notNull(policy, "policy cannot be null");
        Assert.notNull(neverWorkedBecause, "neverWorkedBecause cannot be null");
        this.ping = ping;
        this.timeout = timeout;
        this.policy = policy;
        this.neverWorkedBecause = neverWorkedBecause;
    }

    @Override
    public Mono<Health> health() {
        String problem = this.neverWorkedBecause.get();
        if (problem != null) {
            return Mono.just(Health.down()
                .withDetail("error", problem)
                .withDetail("since", "start: Redis has not worked for CometGate yet")
                .withDetail("meanwhile", "not ready; the configuration is checked again in the background")
                .build());
        }
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
