package io.cometgate.gateway.audit;

import java.util.concurrent.TimeUnit;

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

    public EdgeMetrics(MeterRegistry registry) {
        Assert.notNull(registry, "registry cannot be null");
        this.registry = registry;
    }

    /** Records one request. */
    public void record(AuditLog.AuditEntry entry) {
        Timer.builder("cometgate.requests")
            .description("Requests answered at the edge by CometGate")
            .tag("route", entry.routeId())
            .tag("event", entry.event())
            .tag("outcome", entry.outcome())
            .tag("status", Integer.toString(entry.status()))
            .register(this.registry)
            .record(entry.latency().toNanos(), TimeUnit.NANOSECONDS);
        if (entry.upstreamCalls() > 0) {
            this.registry.counter("cometgate.upstream.calls", "route", entry.routeId(), "event", entry.event())
                .increment(entry.upstreamCalls());
        }
    }

}
