package io.cometgate.gateway.client;

/**
 * A CometChat auth token, as {@code POST /users/{uid}/auth_tokens} answers it. {@link #toString()} never shows the
 * token.
 *
 * @param uid the user the token logs in
 * @param authToken the token the frontend passes to {@code CometChat.login(authToken)}
 * @param createdAt when it was minted, in unix seconds
 */
public record AuthToken(String uid, String authToken, long createdAt) {

    @Override
    public String toString() {
        return "AuthToken[uid=" + this.uid + ", authToken=" + Secrets.mask(this.authToken) + ", createdAt="
                + this.createdAt + "]";
    }

}
