package io.cometgate.gateway.internal.user;

/** What a request on the caller's own CometChat user did, for the audit line. */
public enum UserOutcome {

    /** The user did not exist: it was created with the profile from the caller's claims. */
    CREATED,

    /** The user existed: its profile was updated from the caller's claims. */
    UPDATED,

    /** The user was read. */
    FOUND,

    /** The user was erased, with its tokens. */
    DELETED,

    /** There was no user to erase: the erasure had already happened, or the user never existed. */
    ALREADY_ABSENT

}
