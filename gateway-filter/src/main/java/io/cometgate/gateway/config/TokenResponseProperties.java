package io.cometgate.gateway.config;

/** The token route's JSON answer ({@code cometchat.token-response.*}). */
public class TokenResponseProperties {

    /** Whether the answer includes appId and region, which the frontend needs to initialise the CometChat SDK. */
    private boolean includeAppInfo = true;

    public boolean isIncludeAppInfo() {
        return this.includeAppInfo;
    }

    public void setIncludeAppInfo(boolean includeAppInfo) {
        this.includeAppInfo = includeAppInfo;
    }

}
