package io.cometgate.gateway.internal.cache;

import java.time.Clock;
import java.time.Duration;

import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.RedisAvailability;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.support.ClosingInReverse;

/** A replica's token invalidations as the gateway wires them, with heartbeats every 200 ms, for the tests. */
final class InvalidationsOnTheirOwnConnector {

    private InvalidationsOnTheirOwnConnector() {
    }

    /**
     * @param connector the replica's Redis client (destroyed with the rest)
     * @param channel the invalidation channel
     * @param closing where the connector and the invalidations are closed after the test
     * @return the invalidations, not yet listening
     */
    static RedisTokenInvalidations open(LettuceConnector connector, String channel, ClosingInReverse closing) {
        closing.add(connector::destroy);
        SharedRedisConnection redis = new SharedRedisConnection(connector,
                new RedisAvailability(Duration.ofMillis(100), Duration.ofSeconds(1), Clock.systemUTC()));
        RedisTokenInvalidations invalidations = new RedisTokenInvalidations(connector, redis, channel,
                Duration.ofMillis(200));
        closing.add(invalidations::destroy);
        return invalidations;
    }

}
