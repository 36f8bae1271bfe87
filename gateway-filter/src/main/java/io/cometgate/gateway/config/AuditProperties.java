package io.cometgate.gateway.config;

/** The audit log, {@code io.cometgate.audit} ({@code cometchat.audit.*}). */
public class AuditProperties {

    /**
     * Whether a token request answered from the token cache (outcome CACHED) writes an audit line. With false
     * they are only counted (cometgate.requests, outcome CACHED); mints, logouts, refusals and errors are always
     * written.
     */
    private boolean cachedHandOuts = true;

    public boolean isCachedHandOuts() {
        return this.cachedHandOuts;
    }

    public void setCachedHandOuts(boolean cachedHandOuts) {
        this.cachedHandOuts = cachedHandOuts;
    }

}
