package io.cometgate.emulator;

/**
 * CometChat's two rate-limit tiers, each with its own per-minute budget per app ({@code articles/rate-limits.mdx}):
 * core operations 10,000 a minute, standard operations 20,000 a minute, and 500 a minute for each on the free plan.
 */
public enum RateLimitTier {

    /** Login, create and delete user, create and join group. */
    CORE(10_000),

    /** Every other operation, including minting auth tokens. */
    STANDARD(20_000);

    /** The free (build) plan's limit, for each tier ("500/min for both" in {@code cometchat-rest-v3.md}). */
    public static final int FREE_PLAN_PER_MINUTE = 500;

    private final int documentedPerMinute;

    RateLimitTier(int documentedPerMinute) {
        this.documentedPerMinute = documentedPerMinute;
    }

    /** The documented limit of a paid plan. */
    public int documentedPerMinute() {
        return this.documentedPerMinute;
    }
}
