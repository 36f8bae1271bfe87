package io.cometgate.gateway.config;

/** Creation of CometChat users on first login ({@code cometchat.provisioning.*}). */
public class ProvisioningProperties {

    /** Whether to create the CometChat user on first login (display name and avatar from the token's claims). */
    private boolean enabled = true;

    /**
     * Whether a deactivated user's login reactivates it and mints its token. Off by default: deactivation is
     * usually a moderator's decision, and the login is answered 403 CHAT_USER_DEACTIVATED.
     */
    private boolean reactivateDeactivated = false;

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isReactivateDeactivated() {
        return this.reactivateDeactivated;
    }

    public void setReactivateDeactivated(boolean reactivateDeactivated) {
        this.reactivateDeactivated = reactivateDeactivated;
    }

}
