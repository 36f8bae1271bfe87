package io.cometgate.gateway.internal.health;

import java.time.Clock;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * What this replica knows of one CometChat app: the last background access check, and what real calls answered
 * since (a rejected key, a plan quota, CometChat's own rate-limit headers). Written by the checker and the response
 * observer, read by the health endpoint and the gauges; never a reason to call CometChat.
 */
public final class CometChatAppState {

    /** How a background access check ended. */
    public enum CheckOutcome {
        /** Reachable, and the key accepted. */
        OK,
        /** CometChat refused the REST API key (401, 403 or an {@code AUTH_ERR_} code). */
        KEY_REJECTED,
        /** A CometChat 429 pause held the check back. */
        PAUSED,
        /** The app's upstream budget is spent for now. */
        BUDGET_SPENT,
        /** No answer in time, no connection, a 5xx, or anything else that kept the call from an answer. */
        UNREACHABLE,
        /** Any other refusal. */
        REFUSED
    }

    private final String appId;

    private final Clock clock;

    private volatile Instant checkedAt;

    private volatile CheckOutcome checkOutcome;

    private volatile String checkDetail;

    private volatile Instant keyRejectedAt;

    private volatile Instant quotaReachedAt;

    private volatile double rateLimitRemaining = Double.NaN;

    private volatile double rateLimitLimit = Double.NaN;

    CometChatAppState(String appId, Clock clock) {
        this.appId = appId;
        this.clock = clock;
    }

    public String appId() {
        return this.appId;
    }

    /** Records the end of a background access check. */
    void checked(CheckOutcome outcome, String detail) {
        this.checkedAt = this.clock.instant();
        this.checkOutcome = outcome;
        this.checkDetail = detail;
        if (outcome == CheckOutcome.KEY_REJECTED) {
            keyRejected();
        }
        else if (outcome == CheckOutcome.OK) {
            this.keyRejectedAt = null;
        }
    }

    /** A call (check or real) had the key refused. */
    void keyRejected() {
        if (this.keyRejectedAt == null) {
            this.keyRejectedAt = this.clock.instant();
        }
    }

    /** A call was accepted: the key works. */
    void keyAccepted() {
        this.keyRejectedAt = null;
    }

    /** A user creation answered {@code 402 ERR_PLAN_QUOTA_RESTRICTION}. */
    void quotaReached() {
        if (this.quotaReachedAt == null) {
            this.quotaReachedAt = this.clock.instant();
        }
    }

    /** A user creation succeeded: no quota in force. */
    void userCreated() {
        this.quotaReachedAt = null;
    }

    /** CometChat's own rate-limit headers of the last answer. */
    void rateLimit(double remaining, double limit) {
        this.rateLimitRemaining = remaining;
        this.rateLimitLimit = limit;
    }

    /** The calls CometChat said remain in its current rate-limit window, {@code NaN} until an answer said so. */
    public double rateLimitRemaining() {
        return this.rateLimitRemaining;
    }

    /** The size of CometChat's rate-limit window, {@code NaN} until an answer said so. */
    public double rateLimitLimit() {
        return this.rateLimitLimit;
    }

    /**
     * The app's health. A rejected key is {@code DOWN}: no token can be minted, and a replica with a wrong key (a bad
     * rollout) should leave the load balancer while the others serve. A plan quota, a pause and an unreachable
     * CometChat are {@link CometGateStatus#DEGRADED}: cached tokens (and, under a quota, existing users) are still
     * served, and every replica shares the cause.
     */
    public Health health() {
        Health.Builder health;
        Instant keyRejected = this.keyRejectedAt;
        Instant quota = this.quotaReachedAt;
        CheckOutcome outcome = this.checkOutcome;
        if (keyRejected != null) {
            health = Health.down().withDetail("reason", "COMETCHAT_API_KEY_REJECTED")
                .withDetail("since", keyRejected.toString())
                .withDetail("fix", "set cometchat.rest-api-key (or the route's restApiKey) to a REST API key of app "
                        + this.appId);
        }
        else if (quota != null) {
            health = Health.status(CometGateStatus.DEGRADED).withDetail("reason", "PLAN_QUOTA_RESTRICTION")
                .withDetail("since", quota.toString())
                .withDetail("meanwhile", "new users cannot be created; existing users still get tokens");
        }
        else if (outcome == null) {
            health = Health.unknown().withDetail("reason", "not checked yet");
        }
        else {
            Status status = (outcome == CheckOutcome.OK) ? Status.UP : CometGateStatus.DEGRADED;
            health = Health.status(status).withDetail("check", outcome.name());
            if (this.checkDetail != null) {
                health.withDetail("detail", this.checkDetail);
            }
        }
        health.withDetail("app", this.appId);
        if (this.checkedAt != null) {
            health.withDetail("checkedAt", this.checkedAt.toString());
        }
        if (!Double.isNaN(this.rateLimitRemaining)) {
            health.withDetail("rateLimitRemaining", (long) this.rateLimitRemaining)
                .withDetail("rateLimitLimit", (long) this.rateLimitLimit);
        }
        return health.build();
    }

}
