package io.cometgate.gateway.config;

/** Pauses of calls to a CometChat app that answered 429, shared by all replicas through Redis. */
public class UpstreamPauseProperties {

    /** Prefix of the pause keys in Redis (one per app). */
    private String keyPrefix = "cometgate:pause:";

    public String getKeyPrefix() {
        return this.keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

}
