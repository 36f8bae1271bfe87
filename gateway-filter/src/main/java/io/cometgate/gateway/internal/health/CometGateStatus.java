package io.cometgate.gateway.internal.health;

import org.springframework.boot.health.contributor.Status;

/** The status CometGate adds to Spring Boot's: serving, but not as well as it should. */
public final class CometGateStatus {

    /**
     * Serving, but degraded: Redis down under {@code fail-open} (limits held per replica), CometChat unreachable
     * (cached tokens still served), a CometChat 429 pause or a plan quota in force. Not a reason to take a replica out
     * of the load balancer: every replica shares the same cause, and this one still answers what it can. Spring Boot
     * maps an unknown status to HTTP 200; order it between {@code OUT_OF_SERVICE} and {@code UP}
     * ({@code management.endpoint.health.status.order}).
     */
    public static final Status DEGRADED = new Status("DEGRADED", "Serving, with a dependency impaired");

    private CometGateStatus() {
    }

}
