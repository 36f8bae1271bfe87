package io.cometgate.gateway.audit;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one structured line per request handled at the edge, on the {@code io.cometgate.audit} logger: the event,
 * the UID, the outcome, the status, the latency and the number of CometChat calls, as SLF4J key-value pairs (so that
 * Spring Boot's structured logging emits them as fields) and as {@code key=value} text. Never a token or a key.
 */
public final class AuditLog {

    private static final Logger logger = LoggerFactory.getLogger("io.cometgate.audit");

    /**
     * @param entry what happened
     */
    public void record(AuditEntry entry) {
        if (!logger.isInfoEnabled()) {
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
