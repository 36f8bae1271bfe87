package io.cometgate.gateway.client;

/**
 * The CometChat REST API calls this client makes. Used in error messages, audit lines and metrics; CometChat counts
 * {@link #isCore() core} operations against a smaller app-wide limit than standard ones.
 */
public enum CometChatOperation {

    CREATE_USER(true), GET_USER(false), UPDATE_USER(false), DELETE_USER(true), CREATE_AUTH_TOKEN(false),
    LIST_AUTH_TOKENS(false), DELETE_AUTH_TOKEN(false), FLUSH_AUTH_TOKENS(false), ACTIVATE_USERS(false),
    DEACTIVATE_USERS(true),
    /** {@code GET /users?perPage=1}: the health check's cheap authenticated call. */
    CHECK_ACCESS(false);

    private final boolean core;

    CometChatOperation(boolean core) {
        this.core = core;
    }

    /** Whether CometChat counts this call as a core operation (10,000/min per app rather than 20,000/min). */
    public boolean isCore() {
        return this.core;
    }

}
