package io.cometgate.gateway.config;

/** How CometChat UIDs are derived from the authenticated principal ({@code cometchat.uid.*}). */
public class UidProperties {

    /** Claim of the validated token that holds the subject the UID is derived from. */
    private String claim = "sub";

    /**
     * Prefix of every UID, for example to keep several gateways' users apart in one app. Lowercase
     * [a-z0-9_-], no '__', not ending in '_', at most 23 characters; the gateway adds the separator '__'.
     */
    private String prefix = "";

    public String getClaim() {
        return this.claim;
    }

    public void setClaim(String claim) {
        this.claim = claim;
    }

    public String getPrefix() {
        return this.prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

}
