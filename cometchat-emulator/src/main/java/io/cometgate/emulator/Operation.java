package io.cometgate.emulator;

/**
 * The CometChat REST API v3 operations the emulator serves, one per route, each with its rate-limit tier.
 *
 * <p>Tests count calls per operation (see {@link CometChatEmulator#calls(Operation)}) to prove caching, retries and
 * single-flight behaviour of a client, so each route maps to exactly one constant.
 *
 * <p>Tiers follow CometChat's rate-limit page ({@code articles/rate-limits.mdx}, summarised in
 * {@code cometchat-rest-v3.md}, "Limits"): core operations are "login, create/delete user, create/join group";
 * everything else, minting auth tokens included, is standard. Deactivating users ({@code DELETE /users}) is a delete
 * of users, so it is core; reactivating is not named, so it is standard.
 */
public enum Operation {

    /** {@code POST /v3/users}. */
    CREATE_USER(RateLimitTier.CORE),

    /** {@code GET /v3/users}. */
    LIST_USERS(RateLimitTier.STANDARD),

    /** {@code PUT /v3/users} with {@code uidsToActivate}. */
    ACTIVATE_USERS(RateLimitTier.STANDARD),

    /** {@code DELETE /v3/users} with {@code uidsToDeactivate}. */
    DEACTIVATE_USERS(RateLimitTier.CORE),

    /** {@code GET /v3/users/{uid}}. */
    GET_USER(RateLimitTier.STANDARD),

    /** {@code PUT /v3/users/{uid}}. */
    UPDATE_USER(RateLimitTier.STANDARD),

    /** {@code DELETE /v3/users/{uid}}. */
    DELETE_USER(RateLimitTier.CORE),

    /** {@code POST /v3/users/{uid}/auth_tokens}. */
    CREATE_AUTH_TOKEN(RateLimitTier.STANDARD),

    /** {@code GET /v3/users/{uid}/auth_tokens}. */
    LIST_AUTH_TOKENS(RateLimitTier.STANDARD),

    /** {@code GET /v3/users/{uid}/auth_tokens/{authToken}}. */
    GET_AUTH_TOKEN(RateLimitTier.STANDARD),

    /** {@code PUT /v3/users/{uid}/auth_tokens/{authToken}}. */
    UPDATE_AUTH_TOKEN(RateLimitTier.STANDARD),

    /** {@code DELETE /v3/users/{uid}/auth_tokens/{authToken}}. */
    DELETE_AUTH_TOKEN(RateLimitTier.STANDARD),

    /** {@code DELETE /v3/users/{uid}/auth_tokens}. */
    FLUSH_AUTH_TOKENS(RateLimitTier.STANDARD);

    private final RateLimitTier tier;

    Operation(RateLimitTier tier) {
        this.tier = tier;
    }

    /** The rate-limit tier whose per-minute budget this operation spends. */
    public RateLimitTier tier() {
        return this.tier;
    }
}
