package io.cometgate.gateway.internal.health;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.util.Assert;

/**
 * Whether this replica hears the other replicas' token invalidations. {@code UP} while the subscription delivers;
 * {@link CometGateStatus#DEGRADED} while it is not confirmed or was found silent by its heartbeats: the replica then
 * serves every token from Redis (its near cache bypassed), correct but without the near cache's savings.
 */
public final class TokenInvalidationsHealthIndicator implements ReactiveHealthIndicator {

    private final BooleanSupplier coherent;

    private final BooleanSupplier subscribed;

    private final LongSupplier silences;

    /**
     * @param coherent whether the subscription is known to deliver
     * @param subscribed whether Redis ever confirmed it
     * @param silences how often it was found silent
     */
    public TokenInvalidationsHealthIndicator(BooleanSupplier coherent, BooleanSupplier subscribed,
            LongSupplier silences) {
        Assert.notNull(coherent, "coherent cannot be null");
        Assert.notNull(subscribed, "subscribed cannot be null");
        Assert.notNull(silences, "silences cannot be null");
        this.coherent = coherent;
        this.subscribed = subscribed;
        this.silences = silences;
    }

    @Override
    public Mono<Health> health() {
        return Mono.fromSupplier(() -> {
            boolean delivering = this.coherent.getAsBoolean();
            Health.Builder health = delivering ? Health.up()
                    : Health.status(CometGateStatus.DEGRADED).withDetail("meanwhile",
                            "the near cache is bypassed: every token request reads Redis");
            return health
                .withDetail("subscription", delivering ? "delivering"
                        : this.subscribed.getAsBoolean() ? "silent, reopening" : "not subscribed yet")
                .withDetail("silences", this.silences.getAsLong())
                .build();
        });
    }

}
