package io.cometgate.gateway.config;

/** Logout on the token route, {@code DELETE} ({@code cometchat.logout.*}). */
public class LogoutProperties {

    /** What a logout revokes at CometChat: cached-token or all-tokens. */
    private LogoutScope revoke = LogoutScope.CACHED_TOKEN;

    public LogoutScope getRevoke() {
        return this.revoke;
    }

    public void setRevoke(LogoutScope revoke) {
        this.revoke = revoke;
    }

}
