package io.cometgate.gateway.internal.ratelimit;

import io.cometgate.gateway.config.RedisFailurePolicy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatOperation;

/**
 * The global upstream budget: one bucket per CometChat app, shared by all replicas, that every call to CometChat
 * takes from before it is sent (mints, user creation, retries: everything that counts against CometChat's app-wide
 * limits, and nothing that does not). A login storm then meets this budget, set well below CometChat's own limits,
 * instead of CometChat's 429s. An exhausted budget fails the call with {@link RetryLaterException} ({@code UPSTREAM_BUDGET_EXHAUSTED}).
 * <p>
 * This is the hot key of the design: every upstream call of every replica hits it. Redis-side batching keeps the
 * contention to one compare-and-swap per replica at a time (see {@link RedisBucketStore}).
 */
public final class UpstreamBudget implements ExchangeFilterFunction {

    private final RateLimitStore store;

    private final LimitPolicy policy;

    private final String keyPrefix;

    private final RedisFailurePolicy onRedisFailure;

    private final MeterRegistry meterRegistry;

    private final Map<String, AtomicReference<Double>> remainingShares = new ConcurrentHashMap<>();

    /**
     * @param store where the bucket lives
     * @param policy the budget, such as 2,000 calls a minute
     * @param keyPrefix the prefix of every key
     * @param onRedisFailure what to do when Redis cannot be reached
     */
    public UpstreamBudget(RateLimitStore store, LimitPolicy policy, String keyPrefix,
            RedisFailurePolicy onRedisFailure) {
        this(store, policy, keyPrefix, onRedisFailure, new SimpleMeterRegistry());
    }

    /**
     * @param store where the bucket lives
     * @param policy the budget, such as 2,000 calls a minute
     * @param keyPrefix the prefix of every key
     * @param onRedisFailure what to do when Redis cannot be reached
     * @param meterRegistry where {@code cometgate.upstream.budget.remaining} is published
     */
    public UpstreamBudget(RateLimitStore store, LimitPolicy policy, String keyPrefix,
            RedisFailurePolicy onRedisFailure, MeterRegistry meterRegistry) {
        Assert.notNull(store, "store cannot be null");
        Assert.notNull(policy, "policy cannot be null");
        Assert.notNull(meterRegistry, "meterRegistry cannot be null");
        this.store = store;
        this.policy = policy;
        this.keyPrefix = keyPrefix;
        this.onRedisFailure = onRedisFailure;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        if (request.attribute(CometChatClient.OPERATION_ATTRIBUTE).filter(CometChatOperation.CHECK_ACCESS::equals)
            .isPresent()) {
            // Health checks do not spend the budget: one call a minute per app is noise, and a budget spent by a
            // storm must not hide a refused key from the health endpoint.
            return next.exchange(request);
        }
        String appId = request.attribute(CometChatClient.APP_ID_ATTRIBUTE).map(Object::toString).orElse("unknown");
        return this.store
            .tryConsume(this.keyPrefix + appId + ":upstream:" + this.policy.fingerprint(), this.policy,
                    this.onRedisFailure)
            .doOnNext((probe) -> remainingShare(appId).set(remainingShare(probe)))
            .flatMap((probe) -> probe.allowed() ? next.exchange(request)
                    : Mono.error(new RetryLaterException(RetryLaterException.Reason.UPSTREAM_BUDGET_EXHAUSTED,
                            "The upstream budget of CometChat app " + appId + " is spent", probe.retryAfter())));
    }

    /**
     * The gauge {@code cometgate.upstream.budget.remaining} of {@code appId}: the share of the budget left after the
     * last call (0 to 1, the tightest limit of the policy), as the last decision saw it.
     */
    private AtomicReference<Double> remainingShare(String appId) {
        return this.remainingShares.computeIfAbsent(appId, (id) -> {
            AtomicReference<Double> share = new AtomicReference<>(Double.NaN);
            Gauge.builder("cometgate.upstream.budget.remaining", share, AtomicReference::get)
                .description("Share of the app's upstream budget left, as the last call found it (0 to 1)")
                .tag("app", id)
                .register(this.meterRegistry);
            return share;
        });
    }

    private static double remainingShare(LimitProbe probe) {
        double share = 1.0;
        for (LimitProbe.LimitState limit : probe.limits()) {
            share = Math.min(share, (double) limit.remaining() / limit.spec().capacity());
        }
        return share;
    }

}
