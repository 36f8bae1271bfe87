package io.cometgate.emulator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CometChat's per-app rate limits: one fixed one-minute window per {@link RateLimitTier} (core 10,000, standard
 * 20,000 a minute; 500 each on the free plan), plus an optional app-wide cap over every operation (the older
 * {@code appRateLimit} knob), and the {@code Retry-After} every 429 carries.
 *
 * <p>Source: {@code articles/rate-limits.mdx} and {@code cometchat-rest-v3.md} ("Limits", "Error envelope"). The live
 * API sends {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Limit-For-App} and
 * {@code X-RateLimit-Remaining-For-App} on every answer, without documenting how the two pairs differ. The emulator
 * has one API key, so both pairs report the budget of the called operation's tier, except that the
 * {@code -For-App} pair reports the app-wide cap while one is set.
 *
 * <p>A window opens with the first call after a change of the limits, not on the wall-clock minute, so a test making
 * {@code limit + 1} quick calls is never split across two windows. Each window is one atomic reference updated by
 * compare-and-swap: no lock on the hot path. Calls over a limit are counted too (they arrived).
 */
final class AppRateLimiter {

    static final long WINDOW_MILLIS = 60_000;

    /** What the live API sends with a 429 ({@code Retry-After: 15}), used for injected 429s unless set. */
    static final long LIVE_RETRY_AFTER_SECONDS = 15;

    /**
     * The knobs. {@code appPerMinute == 0}: no app-wide cap. {@code retryAfter == null}: a limited call is told to
     * wait until its window ends, an injected 429 says 15 seconds like the live API.
     */
    record Limits(int corePerMinute, int standardPerMinute, boolean freePlan, int appPerMinute,
            Duration retryAfter) {

        static final Limits DEFAULT = new Limits(RateLimitTier.CORE.documentedPerMinute(),
                RateLimitTier.STANDARD.documentedPerMinute(), false, 0, null);

        /** The limit in force for {@code tier}: the free plan overrides the configured tier limits. */
        int perMinute(RateLimitTier tier) {
            if (this.freePlan) {
                return RateLimitTier.FREE_PLAN_PER_MINUTE;
            }
            return (tier == RateLimitTier.CORE) ? this.corePerMinute : this.standardPerMinute;
        }

        boolean appCapped() {
            return this.appPerMinute > 0;
        }
    }

    /** The outcome for one call, with what the rate-limit headers say. */
    record Decision(boolean allowed, int limit, int remaining, int appLimit, int appRemaining,
            long retryAfterSeconds, long resetEpochSeconds) {

        /** The four headers the live API sends on every answer, errors included. */
        Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-RateLimit-Limit", Integer.toString(this.limit));
            headers.put("X-RateLimit-Remaining", Integer.toString(this.remaining));
            headers.put("X-RateLimit-Limit-For-App", Integer.toString(this.appLimit));
            headers.put("X-RateLimit-Remaining-For-App", Integer.toString(this.appRemaining));
            return headers;
        }
    }

    private record Window(long startMillis, int count) {
    }

    private volatile Limits limits = Limits.DEFAULT;

    private final Map<RateLimitTier, AtomicReference<Window>> tierWindows = new EnumMap<>(RateLimitTier.class);

    private final AtomicReference<Window> appWindow = new AtomicReference<>();

    AppRateLimiter() {
        for (RateLimitTier tier : RateLimitTier.values()) {
            this.tierWindows.put(tier, new AtomicReference<>());
        }
    }

    /**
     * Sets the app-wide cap over every operation and the {@code Retry-After} of every 429; {@code callsPerMinute == 0}
     * removes the cap. Starts fresh windows.
     */
    void configure(int callsPerMinute, Duration retryAfter) {
        requireNotNegative(callsPerMinute, "callsPerMinute");
        requireRetryAfter(retryAfter);
        Limits current = this.limits;
        update(new Limits(current.corePerMinute(), current.standardPerMinute(), current.freePlan(), callsPerMinute,
                retryAfter));
    }

    /** Sets the per-minute limits of the two tiers (both at least 1). Starts fresh windows. */
    void tiers(int corePerMinute, int standardPerMinute) {
        if (corePerMinute < 1 || standardPerMinute < 1) {
            throw new IllegalArgumentException("tier limits must be at least 1 a minute, were core=" + corePerMinute
                    + ", standard=" + standardPerMinute);
        }
        Limits current = this.limits;
        update(new Limits(corePerMinute, standardPerMinute, current.freePlan(), current.appPerMinute(),
                current.retryAfter()));
    }

    /** Free-plan mode: 500 a minute for each tier, whatever the tier limits say. Starts fresh windows. */
    void freePlan(boolean freePlan) {
        Limits current = this.limits;
        update(new Limits(current.corePerMinute(), current.standardPerMinute(), freePlan, current.appPerMinute(),
                current.retryAfter()));
    }

    /** The {@code Retry-After} of every 429 the emulator answers; {@code null} or zero: the defaults. */
    void retryAfter(Duration retryAfter) {
        requireRetryAfter(retryAfter);
        Limits current = this.limits;
        this.limits = new Limits(current.corePerMinute(), current.standardPerMinute(), current.freePlan(),
                current.appPerMinute(), retryAfter);
    }

    Limits limits() {
        return this.limits;
    }

    /** Spends one call of {@code tier} (and of the app-wide cap, when set) and decides. */
    Decision acquire(RateLimitTier tier, long nowMillis) {
        Limits current = this.limits;
        Window tierWindow = this.tierWindows.get(tier).updateAndGet((w) -> next(w, nowMillis));
        Window app = current.appCapped() ? this.appWindow.updateAndGet((w) -> next(w, nowMillis)) : null;
        return decide(current, tier, tierWindow, app, nowMillis);
    }

    /** What the headers say right now for {@code tier}, without spending a call (for injected answers). */
    Decision peek(RateLimitTier tier, long nowMillis) {
        Limits current = this.limits;
        Window tierWindow = current(this.tierWindows.get(tier).get(), nowMillis);
        Window app = current.appCapped() ? current(this.appWindow.get(), nowMillis) : null;
        return decide(current, tier, tierWindow, app, nowMillis);
    }

    /** The {@code Retry-After} of an injected 429: the knob when set, else the live API's 15 seconds. */
    long injectedRetryAfterSeconds() {
        Duration retryAfter = this.limits.retryAfter();
        return (retryAfter != null && !retryAfter.isZero()) ? ceilSeconds(retryAfter.toMillis())
                : LIVE_RETRY_AFTER_SECONDS;
    }

    void reset() {
        update(Limits.DEFAULT);
    }

    private void update(Limits newLimits) {
        this.limits = newLimits;
        this.tierWindows.values().forEach((window) -> window.set(null));
        this.appWindow.set(null);
    }

    private static Decision decide(Limits limits, RateLimitTier tier, Window tierWindow, Window app, long nowMillis) {
        int limit = limits.perMinute(tier);
        boolean tierAllowed = tierWindow.count() <= limit;
        boolean appAllowed = app == null || app.count() <= limits.appPerMinute();
        int remaining = Math.max(0, limit - tierWindow.count());
        int appLimit = (app != null) ? limits.appPerMinute() : limit;
        int appRemaining = (app != null) ? Math.max(0, limits.appPerMinute() - app.count()) : remaining;
        if (tierAllowed && appAllowed) {
            return new Decision(true, limit, remaining, appLimit, appRemaining, 0,
                    ceilSeconds(tierWindow.startMillis() + WINDOW_MILLIS));
        }
        // Wait for the later of the spent windows to end, unless the knob says otherwise.
        long windowEnd = Math.max(tierAllowed ? 0 : tierWindow.startMillis() + WINDOW_MILLIS,
                appAllowed ? 0 : app.startMillis() + WINDOW_MILLIS);
        long retryAfterSeconds = (limits.retryAfter() != null && !limits.retryAfter().isZero())
                ? ceilSeconds(limits.retryAfter().toMillis()) : ceilSeconds(windowEnd - nowMillis);
        return new Decision(false, limit, remaining, appLimit, appRemaining, retryAfterSeconds,
                nowMillis / 1000 + retryAfterSeconds);
    }

    private static Window next(Window existing, long nowMillis) {
        if (existing == null || nowMillis - existing.startMillis() >= WINDOW_MILLIS) {
            return new Window(nowMillis, 1);
        }
        return new Window(existing.startMillis(), existing.count() + 1);
    }

    private static Window current(Window existing, long nowMillis) {
        if (existing == null || nowMillis - existing.startMillis() >= WINDOW_MILLIS) {
            return new Window(nowMillis, 0);
        }
        return existing;
    }

    private static void requireNotNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be zero (off) or positive, was " + value);
        }
    }

    private static void requireRetryAfter(Duration retryAfter) {
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
    }

    private static long ceilSeconds(long millis) {
        return (millis + 999) / 1000;
    }
}
