package io.cometgate.emulator;

/**
 * The CometChat REST API v3 operations the emulator serves, one per route.
 *
 * <p>Tests count calls per operation (see {@link CometChatEmulator#calls(Operation)}) to prove caching, retries and
 * single-flight behaviour of a client, so each route maps to exactly one constant.
 */
public enum Operation {

    /** {@code POST /v3/users}. */
    CREATE_USER,

    /** {@code GET /v3/users/{uid}}. */
    GET_USER,

    /** {@code PUT /v3/users/{uid}}. */
    UPDATE_USER,

    /** {@code DELETE /v3/users/{uid}}. */
    DELETE_USER,

    /** {@code POST /v3/users/{uid}/auth_tokens}. */
    CREATE_AUTH_TOKEN,

    /** {@code GET /v3/users/{uid}/auth_tokens}. */
    LIST_AUTH_TOKENS,

    /** {@code GET /v3/users/{uid}/auth_tokens/{authToken}}. */
    GET_AUTH_TOKEN,

    /** {@code DELETE /v3/users/{uid}/auth_tokens/{authToken}}. */
    DELETE_AUTH_TOKEN,

    /** {@code DELETE /v3/users/{uid}/auth_tokens}. */
    FLUSH_AUTH_TOKENS
}
