package io.cometgate.gateway.internal.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatRateLimitHeaders;

/**
 * Reads CometChat's rate-limit headers on every answer, errors included, and slows this replica's calls to an app
 * down before CometChat answers 429.
 * <p>
 * The last seen values are gauges: {@code cometgate.cometchat.ratelimit.remaining} with {@code app} and
 * {@code scope} ({@code app}: {@code X-RateLimit-Remaining-For-App}; {@code operation}: {@code X-RateLimit-Remaining},
 * the called operation's tier), and {@code cometgate.cometchat.ratelimit.limit} likewise.
 * <p>
 * When the app's remaining share ({@code X-RateLimit-Remaining-For-App} over {@code X-RateLimit-Limit-For-App}) falls
 * under the threshold, calls are spaced so that what is left lasts a whole minute (CometChat's window): one call
 * per {@code 60 s / remaining}; with nothing left, none until a minute after that answer. Calls held back fail with
 * {@link RetryLaterException} ({@code UPSTREAM_BUDGET_EXHAUSTED}, {@code Retry-After} the time to the next slot),
 * spending nothing. Each answer refreshes the picture, so a new window ends the slowdown by itself. The spacing is
 * per replica: each replica sees the same remaining value, so N replicas together spend at most N times that
 * pace; the threshold is the margin for that.
 */
public final class UpstreamHeadroom implements ExchangeFilterFunction {

    private static final Logger logger = LoggerFactory.getLogger(UpstreamHeadroom.class);

    /** CometChat's limits are per minute. */
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final double threshold;

    private final MeterRegistry registry;

    private final Clock clock;

    private final Map<String, AppHeadroom> apps = new ConcurrentHashMap<>();

    /**
     * @param threshold the app's remaining share under which calls slow down, from 0 (never) to below 1
     * @param registry where the gauges are registered
     * @param clock the clock
     */
    public UpstreamHeadroom(double threshold, MeterRegistry registry, Clock clock) {
        Assert.isTrue(threshold >= 0 && threshold < 1, "threshold must be at least 0 and below 1");
        Assert.notNull(registry, "registry cannot be null");
        Assert.notNull(clock, "clock cannot be null");
        this.threshold = threshold;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        String appId = request.attribute(CometChatClient.APP_ID_ATTRIBUTE).map(Object::toString).orElse("unknown");
        return Mono.defer(() -> {
            AppHeadroom app = this.apps.computeIfAbsent(appId, this::register);
            Duration wait = app.reserve(this.clock.millis(), this.threshold);
            if (!wait.isZero()) {
                return Mono.error(new RetryLaterException(RetryLaterException.Reason.UPSTREAM_BUDGET_EXHAUSTED,
                        "CometChat app " + appId + " has " + app.appRemaining.get() + " of " + app.appLimit.get()
                                + " calls left this minute: calls are spaced out",
                        wait));
            }
            return next.exchange(request).doOnNext((response) -> {
                CometChatRateLimitHeaders headers = CometChatRateLimitHeaders.of(response.headers().asHttpHeaders());
                if (headers != null) {
                    app.observe(headers, this.clock.millis(), this.threshold, appId);
                }
            });
        });
    }

    /** The app's last seen remaining share, or {@code -1} before any answer with the headers. */
    public double appRemainingShare(String appId) {
        AppHeadroom app = this.apps.get(appId);
        return (app != null) ? app.share() : -1;
    }

    private AppHeadroom register(String appId) {
        AppHeadroom app = new AppHeadroom();
        gauge("cometgate.cometchat.ratelimit.remaining", appId, "app", app.appRemaining);
        gauge("cometgate.cometchat.ratelimit.remaining", appId, "operation", app.remaining);
        gauge("cometgate.cometchat.ratelimit.limit", appId, "app", app.appLimit);
        gauge("cometgate.cometchat.ratelimit.limit", appId, "operation", app.limit);
        return app;
    }

    private void gauge(String name, String appId, String scope, AtomicLong value) {
        Gauge.builder(name, value, AtomicLong::get)
            .description("Last value of CometChat's X-RateLimit headers seen by this replica (-1: none yet)")
            .tag("app", appId)
            .tag("scope", scope)
            .register(this.registry);
    }

    /** What one app's answers said, and when this replica may call it next. */
    private static final class AppHeadroom {

        final AtomicLong limit = new AtomicLong(-1);

        final AtomicLong remaining = new AtomicLong(-1);

        final AtomicLong appLimit = new AtomicLong(-1);

        final AtomicLong appRemaining = new AtomicLong(-1);

        private long observedAtMillis;

        private long nextCallAtMillis;

        private boolean slowed;

        double share() {
            long total = this.appLimit.get();
            long left = this.appRemaining.get();
            return (total > 0 && left >= 0) ? Math.min(1.0, (double) left / total) : -1;
        }

        synchronized void observe(CometChatRateLimitHeaders headers, long now, double threshold, String appId) {
            this.limit.set(headers.limit());
            this.remaining.set(headers.remaining());
            this.appLimit.set(headers.appLimit());
            this.appRemaining.set(headers.appRemaining());
            this.observedAtMillis = now;
            boolean low = isLow(threshold);
            if (low && !this.slowed) {
                logger.warn("CometChat app {} has {} of {} calls left this minute, under the {}% threshold: this "
                        + "replica spaces its calls out until CometChat's window renews", appId, headers.appRemaining(),
                        headers.appLimit(), Math.round(threshold * 100));
            }
            this.slowed = low;
        }

        /**
         * Takes the next call slot: zero when the call may go now, else the time to wait. While the app's share is
         * above the threshold, or the last answer is older than a window (the window has renewed), calls go.
         */
        synchronized Duration reserve(long now, double threshold) {
            if (!isLow(threshold) || now - this.observedAtMillis >= WINDOW.toMillis()) {
                return Duration.ZERO;
            }
            long left = this.appRemaining.get();
            if (left <= 0) {
                return Duration.ofMillis(Math.max(1, this.observedAtMillis + WINDOW.toMillis() - now));
            }
            if (now < this.nextCallAtMillis) {
                return Duration.ofMillis(this.nextCallAtMillis - now);
            }
            this.nextCallAtMillis = now + WINDOW.toMillis() / left;
            return Duration.ZERO;
        }

        private boolean isLow(double threshold) {
            double share = share();
            return threshold > 0 && share >= 0 && share < threshold;
        }

    }

}
