package io.cometgate.gateway.internal.audit;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cometgate.gateway.internal.token.MintOutcome;

/**
 * Writes one structured line per request handled at the edge, on the {@code io.cometgate.audit} logger: the event,
 * the UID, the outcome, the status, the latency and the number of CometChat calls, as SLF4J key-value pairs (so that
 * Spring Boot's structured logging emits them as fields) and as {@code key=value} text. Never a token or a key.
 * <p>
 * Requests answered from the token cache can be left out ({@code cometchat.audit.cached-hand-outs=false}): at high
 * rates they are most of the lines, each handing out again a token whose mint was audited, and a line costs a cached
 * request a measurable share of its CPU (see the README's audit section).
 */
public final class AuditLog {

    private static final Logger logger = LoggerFactory.getLogger("io.cometgate.audit");

    private static final String CACHED = MintOutcome.CACHED.name();

    private final boolean cachedHandOuts;

    /** Writes a line for every request. */
    public AuditLog() {
        this(true);
    }

    /**
     * @param cachedHandOuts whether requests answered from the token cache (outcome {@code CACHED}) are written too
     */
    public AuditLog(boolean cachedHandOuts) {
        this.cachedHandOuts = cachedHandOuts;
    }

    /**
     * @param entry what happened
     */
    public void record(AuditEntry entry) {
        if (!logger.isInfoEnabled() || (!this.cachedHandOuts && CACHED.equals(entry.outcome()))) {
            return;
        }
        logger.atInfo()
            .addKeyValue("event", entry.event())
            .addKeyValue("route", entry.routeId())
            .addKeyValue("app", entry.appId())
            .addKeyValue("uid", entry.uid())
            .addKeyValue("outcome", entry.outcome())
            .addKeyValue("status", entry.status())
            .addKeyValue("latencyMs", entry.latency().toMillis())
            .addKeyValue("upstreamCalls", entry.upstreamCalls())
            .log("event={} route={} app={} uid={} outcome={} status={} latencyMs={} upstreamCalls={}", entry.event(),
                    entry.routeId(), entry.appId(), entry.uid(), entry.outcome(), entry.status(),
                    entry.latency().toMillis(), entry.upstreamCalls());
    }

    /**
     * One audited request.
     *
     * @param event what was asked, such as {@code cometchat.token.mint}
     * @param routeId the gateway route
     * @param appId the CometChat app
     * @param uid the caller's UID, or {@code -} when unknown
     * @param outcome how it ended, such as {@code MINTED} or an error code
     * @param status the HTTP status answered
     * @param latency the time from the request reaching the filter to the answer
     * @param upstreamCalls the CometChat calls made
     */
    public record AuditEntry(String event, String routeId, String appId, String uid, String outcome, int status,
            Duration latency, int upstreamCalls) {
    }

}
