package io.cometgate.gateway.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * How often the resource server may fetch the JWT issuer's key set ({@code cometchat.jwt.*}). The bound is turned
 * off with {@code cometchat.jwt.key-set-fetch-limit.enabled=false} (declared in the additional metadata, read by
 * {@link JwtKeySetAutoConfiguration}'s condition), never with a zero interval.
 */
@ConfigurationProperties("cometchat.jwt")
public class JwtKeySetProperties {

    /**
     * Shortest time between two fetches of the issuer's key set: a JWT with an unknown 'kid' is checked against the
     * cached keys until it has passed. A rotated key is picked up within this time. Must be positive.
     */
    private Duration keySetRefetchInterval = JwkSetFetchLimiter.DEFAULT_MIN_INTERVAL;

    public Duration getKeySetRefetchInterval() {
        return this.keySetRefetchInterval;
    }

    public void setKeySetRefetchInterval(Duration keySetRefetchInterval) {
        // Fails the binding, so the start fails naming the property; 0 used to mean "off", which is now the flag.
        Assert.isTrue(keySetRefetchInterval != null && keySetRefetchInterval.compareTo(Duration.ZERO) > 0,
                "cometchat.jwt.key-set-refetch-interval must be positive; turn the bound off with "
                        + "cometchat.jwt.key-set-fetch-limit.enabled=false");
        this.keySetRefetchInterval = keySetRefetchInterval;
    }

}
