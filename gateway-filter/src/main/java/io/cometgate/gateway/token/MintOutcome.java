package io.cometgate.gateway.token;

/** How a token request was served, for the audit line and metrics. */
public enum MintOutcome {

    /** CometChat minted a token for an existing user. */
    MINTED,

    /** The user did not exist: it was created, with its first token, in one call. */
    PROVISIONED,

    /** The user did not exist, but another request created it first; a token was minted for it. */
    PROVISION_RACE_LOST

}
