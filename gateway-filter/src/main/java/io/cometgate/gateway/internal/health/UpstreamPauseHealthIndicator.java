package io.cometgate.gateway.internal.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.util.Assert;

import io.cometgate.gateway.internal.ratelimit.UpstreamPause;

/**
 * The CometChat 429 pauses in force for the watched apps (known here, or shared by another replica through Redis),
 * with their end: {@link CometGateStatus#DEGRADED} while one holds (token requests that need CometChat are answered
 * {@code 503 COMETCHAT_RATE_LIMITED}; cached tokens are still served), {@code UP} otherwise.
 */
public final class UpstreamPauseHealthIndicator implements ReactiveHealthIndicator {

    private final UpstreamPause pause;

    private final CometChatAppStates states;

    private final Clock clock;

    public UpstreamPauseHealthIndicator(UpstreamPause pause, CometChatAppStates states, Clock clock) {
        Assert.notNull(pause, "pause cannot be null");
        Assert.notNull(states, "states cannot be null");
        Assert.notNull(clock, "clock cannot be null");
        this.pause = pause;
        this.states = states;
        this.clock = clock;
    }

    @Override
    public Mono<Health> health() {
        return Flux.fromIterable(this.states.watched())
            .flatMap((app) -> this.pause.remainingPause(app.appId())
                .map((remaining) -> Map.entry(app.appId(), remaining))
                .onErrorResume((ex) -> Mono.empty()))
            .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new)
            .map(this::health);
    }

    private Health health(Map<String, Duration> pauses) {
        if (pauses.isEmpty()) {
            return Health.up().build();
        }
        Health.Builder health = Health.status(CometGateStatus.DEGRADED);
        pauses.forEach((appId, remaining) -> health.withDetail(appId, Map.of("until",
                this.clock.instant().plus(remaining).toString(), "retryAfterSeconds",
                (remaining.toMillis() + 999) / 1000)));
        return health.build();
    }

}
