package io.cometgate.gateway.config;

/** What a limit does while Redis cannot be reached. */
public enum RedisFailurePolicy {

    /**
     * Keep serving, each replica enforcing the same limits on its own, in memory: a limit then holds per replica
     * rather than across all of them. Logins keep working through a Redis outage.
     */
    FAIL_OPEN,

    /** Refuse with {@code 503} and {@code Retry-After} until Redis is back. Nothing is served unlimited. */
    FAIL_CLOSED

}
