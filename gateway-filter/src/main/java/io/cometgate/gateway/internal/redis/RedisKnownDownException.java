package io.cometgate.gateway.internal.redis;

/**
 * A Redis call that was not made because Redis failed less than the retry interval ago ({@link RedisAvailability}):
 * the caller decides without Redis, at once, exactly as if the call had failed.
 */
public final class RedisKnownDownException extends RuntimeException {

    public RedisKnownDownException() {
        // No stack trace: thrown on every request while Redis is down, and always handled.
        super("Redis is known to be down; not called until the retry interval has passed", null, false, false);
    }

}
