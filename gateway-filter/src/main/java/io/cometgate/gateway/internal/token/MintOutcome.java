package io.cometgate.gateway.internal.token;

/** How a token request was served, for the audit line and metrics. */
public enum MintOutcome {

    /** CometChat minted a token for an existing user. */
    MINTED,

    /** The user did not exist: it was created, with its first token, in one call. */
    PROVISIONED,

    /**
     * The user did not exist and CometChat refused its profile (a name or avatar it does not take): it was created
     * once more with a minimal profile, and its token minted.
     */
    PROVISIONED_MINIMAL_PROFILE,

    /** The user was deactivated and {@code cometchat.provisioning.reactivate-deactivated} is on: reactivated, minted. */
    REACTIVATED,

    /** The user did not exist, but another request created it first; a token was minted for it. */
    PROVISION_RACE_LOST,

    /** The token came from the cache: no call to CometChat. */
    CACHED,

    /** Another request for the same user minted the token (in this replica or another): no call of its own. */
    SHARED,

    /** The caller asked for a fresh token: minted with {@code force}, replacing the cached one. */
    FRESH

}
