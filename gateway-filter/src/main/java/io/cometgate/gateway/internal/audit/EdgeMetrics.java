package io.cometgate.gateway.internal.audit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.util.Assert;

/**
 * The same facts as the audit line, as Micrometer meters a platform can graph and alert on:
 * <ul>
 * <li>{@code cometgate.requests} (timer): every request answered at the edge, tagged {@code route}, {@code event}
 * ({@code cometchat.token.mint}…), {@code outcome} ({@code CACHED}, {@code MINTED}, {@code RATE_LIMITED}…) and
 * {@code status};</li>
 * <li>{@code cometgate.upstream.calls} (counter): CometChat calls made for those requests, tagged {@code route} and
 * {@code event}: divided by the requests, the upstream calls per request that the token cache saves.</li>
 * </ul>
 * Every tag has a bounded set of values (outcomes are enum names and error codes); never a UID.
 */
public final class EdgeMetrics {

    private final MeterRegistry registry;

    // Meters by their tags, built once: looking a meter up in the registry on every request builds its tag array
    // and id again. Bounded like the tags themselves.
    private final Map<RequestTags, Timer> requestTimers = new ConcurrentHashMap<>();

    private final Map<UpstreamTags, Counter> upstreamCounters = new ConcurrentHashMap<>();

    public EdgeMetrics(MeterRegistry registry) {
        Assert.notNull(registry, "registry cannot be null");
        this.registry = registry;
    }

    /** Records one request. */
    public void record(AuditLog.AuditEntry entry) {
        RequestTags tags = new RequestTags(entry.routeId(), entry.event(), entry.outcome(), entry.status());
        Timer timer = this.requestTimers.get(tags);
        if (timer == null) {
            timer = this.requestTimers.computeIfAbsent(tags, this::timer);
        }
        timer.record(entry.latency().toNanos(), TimeUnit.NANOSECONDS);
        if (entry.upstreamCalls() > 0) {
            this.upstreamCounters.computeIfAbsent(new UpstreamTags(entry.routeId(), entry.event()), this::counter)
                .increment(entry.upstreamCalls());
        }
    }

    private Timer timer(RequestTags tags) {
        return Timer.builder("cometgate.requests")
            .description("Requests answered at the edge by CometGate")
            .tag("route", tags.routeId())
            .tag("event", tags.event())
            .tag("outcome", tags.outcome())
            .tag("status", Integer.toString(tags.status()))
            .register(this.registry);
    }

    private Counter counter(UpstreamTags tags) {
        return this.registry.counter("cometgate.upstream.calls", "route", tags.routeId(), "event", tags.event());
    }

    private record RequestTags(String routeId, String event, String outcome, int status) {
    }

    private record UpstreamTags(String routeId, String event) {
    }

}
