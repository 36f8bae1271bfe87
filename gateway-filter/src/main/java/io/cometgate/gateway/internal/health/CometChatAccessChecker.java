package io.cometgate.gateway.internal.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import io.cometgate.gateway.client.CometChatApiException;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.internal.health.CometChatAppState.CheckOutcome;
import io.cometgate.gateway.internal.ratelimit.RetryLaterException;

/**
 * Checks every watched CometChat app in the background, once at start and then every {@code interval} (a minute by
 * default): one cheap authenticated call ({@link CometChatClient#checkAccess()}) that tells whether CometChat is
 * reachable and accepts the key. The result is stored for the health endpoint, which never calls CometChat itself:
 * probes every few seconds from every replica would spend CometChat's rate limit and the upstream budget.
 */
public final class CometChatAccessChecker implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(CometChatAccessChecker.class);

    private final CometChatClient client;

    private final CometChatAppStates states;

    private final Duration interval;

    /** When the last check of each app started ({@link System#nanoTime()}), so that checks are never doubled. */
    private final Map<String, Long> lastStarted = new ConcurrentHashMap<>();

    private volatile Disposable schedule;

    /**
     * @param client a client of the global app; other apps are reached through {@link CometChatClient#forApp}
     * @param states the apps to check and where results go
     * @param interval time between two checks of an app
     */
    public CometChatAccessChecker(CometChatClient client, CometChatAppStates states, Duration interval) {
        Assert.notNull(client, "client cannot be null");
        Assert.notNull(states, "states cannot be null");
        Assert.isTrue(interval != null && !interval.isNegative() && !interval.isZero(), "interval must be positive");
        this.client = client;
        this.states = states;
        this.interval = interval;
    }

    /** Checks every watched app once; completes when all have answered or failed. */
    public Mono<Void> checkAll() {
        return Flux.fromIterable(this.states.watched()).flatMap(this::check).then();
    }

    /**
     * Whether a check of {@code appId} may start now: not if one started less than half an interval ago (an app
     * watched while the first tick runs would otherwise be checked twice in a row).
     */
    private boolean claim(String appId) {
        long now = System.nanoTime();
        long minimumGap = this.interval.toNanos() / 2;
        boolean[] claimed = { false };
        this.lastStarted.compute(appId, (id, previous) -> {
            if (previous != null && now - previous < minimumGap) {
                return previous;
            }
            claimed[0] = true;
            return now;
        });
        return claimed[0];
    }

    private Mono<Void> check(CometChatApp app) {
        if (!claim(app.appId())) {
            return Mono.empty();
        }
        CometChatAppState state = this.states.state(app.appId());
        return this.client.forApp(app)
            .checkAccess()
            .doOnSuccess((ignored) -> state.checked(CheckOutcome.OK, null))
            .onErrorResume((ex) -> {
                CheckOutcome outcome = outcomeOf(ex);
                if (outcome == CheckOutcome.KEY_REJECTED) {
                    logger.error("CometChat refuses the REST API key of app {}: set cometchat.rest-api-key (or the "
                            + "route's restApiKey) to a REST API key of that app", app.appId());
                }
                state.checked(outcome, describe(ex));
                return Mono.empty();
            });
    }

    static CheckOutcome outcomeOf(Throwable failure) {
        if (failure instanceof CometChatApiException api) {
            if (api.isApiKeyRejected()) {
                return CheckOutcome.KEY_REJECTED;
            }
            if (api.isRateLimited()) {
                return CheckOutcome.PAUSED;
            }
            return api.isServerError() ? CheckOutcome.UNREACHABLE : CheckOutcome.REFUSED;
        }
        if (failure instanceof RetryLaterException held) {
            // Held back before leaving: a CometChat 429 pause in force, or the app's upstream budget spent.
            return (held.getReason() == RetryLaterException.Reason.UPSTREAM_BUDGET_EXHAUSTED)
                    ? CheckOutcome.BUDGET_SPENT : CheckOutcome.PAUSED;
        }
        return CheckOutcome.UNREACHABLE;
    }

    /** What went wrong, without anything CometChat or the request could have put in a message (a key, a token). */
    private static String describe(Throwable failure) {
        if (failure instanceof CometChatApiException api) {
            return api.getStatus() + ((api.getErrorCode() != null) ? " " + api.getErrorCode() : "");
        }
        if (failure instanceof RetryLaterException held) {
            return held.getReason().code();
        }
        return failure.getClass().getSimpleName();
    }

    @Override
    public void start() {
        // An app named by a route built later is checked at once, not at the next tick.
        this.states.onNewlyWatched((app) -> check(app).subscribe());
        this.schedule = Flux.interval(Duration.ZERO, this.interval)
            // A check slower than the interval is not stacked up behind: the next tick is simply skipped.
            .onBackpressureDrop()
            .concatMap((tick) -> checkAll(), 1)
            .subscribe(null, (ex) -> logger.warn("CometChat health checks stopped: {}", ex.toString()));
    }

    @Override
    public void stop() {
        Disposable running = this.schedule;
        if (running != null) {
            running.dispose();
            this.schedule = null;
        }
    }

    @Override
    public boolean isRunning() {
        return this.schedule != null;
    }

}
