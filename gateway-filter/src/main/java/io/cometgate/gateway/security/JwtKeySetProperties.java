package io.cometgate.gateway.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How often the resource server may fetch the JWT issuer's key set ({@code cometchat.jwt.*}).
 */
@ConfigurationProperties("cometchat.jwt")
public class JwtKeySetProperties {

    /**
     * Shortest time between two fetches of the issuer's key set: a JWT with an unknown 'kid' is checked against the
     * cached keys until it has passed. A rotated key is picked up within this time. 0 turns the limit off.
     */
    private Duration keySetRefetchInterval = JwkSetFetchLimiter.DEFAULT_MIN_INTERVAL;

    public Duration getKeySetRefetchInterval() {
        return this.keySetRefetchInterval;
    }

    public void setKeySetRefetchInterval(Duration keySetRefetchInterval) {
        this.keySetRefetchInterval = keySetRefetchInterval;
    }

}
