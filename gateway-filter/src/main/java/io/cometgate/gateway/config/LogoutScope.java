package io.cometgate.gateway.config;

/** Which CometChat tokens a logout revokes. */
public enum LogoutScope {

    /**
     * The token the gateway handed out (the cached one), leaving tokens other servers minted alone. With no cached
     * token the gateway cannot know which one the client holds, so it revokes all of them: a logout must end the
     * client's session.
     */
    CACHED_TOKEN,

    /** Every token of the user: a logout on every device. */
    ALL_TOKENS

}
