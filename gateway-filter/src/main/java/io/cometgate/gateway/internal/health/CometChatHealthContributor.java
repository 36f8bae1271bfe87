package io.cometgate.gateway.internal.health;

import java.util.stream.Stream;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.util.Assert;

/**
 * One health indicator per watched CometChat app, named by its app id, each answering from what is already known
 * ({@link CometChatAppState#health()}): reading the health endpoint never calls CometChat.
 */
public final class CometChatHealthContributor implements CompositeReactiveHealthContributor {

    private final CometChatAppStates states;

    public CometChatHealthContributor(CometChatAppStates states) {
        Assert.notNull(states, "states cannot be null");
        this.states = states;
    }

    @Override
    public ReactiveHealthContributor getContributor(String name) {
        CometChatAppState state = this.states.watchedState(name);
        return (state != null) ? indicator(state) : null;
    }

    @Override
    public Stream<Entry> stream() {
        return this.states.watched().stream()
            .map((app) -> new Entry(app.appId(), indicator(this.states.state(app.appId()))));
    }

    private static ReactiveHealthIndicator indicator(CometChatAppState state) {
        return () -> Mono.fromSupplier(state::health);
    }

}
