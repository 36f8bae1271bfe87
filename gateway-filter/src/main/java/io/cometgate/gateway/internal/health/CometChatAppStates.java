package io.cometgate.gateway.internal.health;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;


import org.springframework.util.Assert;

import io.cometgate.gateway.client.CometChatApp;

/**
 * The CometChat apps this replica talks to and what it knows of each ({@link CometChatAppState}). Apps are watched
 * (checked in the background, shown in the health endpoint) once named: the global app at start-up, a route's own
 * app when its route is built. Each app's CometChat rate-limit headers are published as gauges
 * ({@code cometgate.cometchat.ratelimit.remaining} and {@code .limit}, tagged {@code app}).
 */
public final class CometChatAppStates {

    private final Map<String, CometChatAppState> states = new ConcurrentHashMap<>();

    private final Map<String, CometChatApp> watched = new ConcurrentHashMap<>();

    private final Clock clock;

    public CometChatAppStates(Clock clock) {
        Assert.notNull(clock, "clock cannot be null");
        this.clock = clock;
    }

    private volatile Consumer<CometChatApp> newlyWatched = (app) -> {
    };

    /** Starts checking {@code app} in the background and showing it in the health endpoint. */
    public void watch(CometChatApp app) {
        state(app.appId());
        if (this.watched.putIfAbsent(app.appId(), app) == null) {
            this.newlyWatched.accept(app);
        }
    }

    /** Tells {@code listener} of every app watched from now on (the checker checks it at once). */
    void onNewlyWatched(Consumer<CometChatApp> listener) {
        this.newlyWatched = listener;
    }

    /** The watched apps. */
    public List<CometChatApp> watched() {
        return List.copyOf(this.watched.values());
    }

    /** What is known of {@code appId}; created on first use. */
    public CometChatAppState state(String appId) {
        return this.states.computeIfAbsent(appId, (id) -> {
            CometChatAppState state = new CometChatAppState(id, this.clock);
            // CometChat's rate-limit headers are gauges of UpstreamHeadroom (tagged app and scope); the state keeps
            // the last values for the health details only.
            return state;
        });
    }

    /** The state of a watched app, {@code null} when it is not watched. */
    CometChatAppState watchedState(String appId) {
        return this.watched.containsKey(appId) ? state(appId) : null;
    }

}
