package io.cometgate.gateway.config;

import java.time.Duration;

import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/** Pauses of calls to a CometChat app that answered 429, shared by all replicas through Redis. */
public class UpstreamPauseProperties {

    /** Prefix of the pause keys in Redis (one per app). */
    private String keyPrefix = "cometgate:pause:";

    /** Deprecated and ignored: every Redis command is bounded by cometchat.redis.command-timeout. */
    private Duration timeout = Duration.ofMillis(250);

    public String getKeyPrefix() {
        return this.keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    @Deprecated
    @DeprecatedConfigurationProperty(replacement = "cometchat.redis.command-timeout",
            reason = "Ignored: every Redis command is bounded by Lettuce's command timeout.")
    public Duration getTimeout() {
        return this.timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

}
