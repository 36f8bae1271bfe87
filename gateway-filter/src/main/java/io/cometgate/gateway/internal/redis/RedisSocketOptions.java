package io.cometgate.gateway.internal.redis;

import java.time.Duration;

import io.lettuce.core.SocketOptions;

/**
 * The socket options of every CometGate connection to Redis: the connect timeout, and TCP keepalive probing an idle
 * connection after {@link #KEEPALIVE_IDLE}, every {@link #KEEPALIVE_INTERVAL}, {@link #KEEPALIVE_PROBES} times.
 * <p>
 * WHY keepalive: the invalidation channel's subscription connection only ever reads. When a NAT or load balancer
 * drops it silently, or a failover moves the Redis behind a virtual IP, nothing fails on this side, and without
 * keepalive the kernel never finds out; with it, the dead link is closed after about
 * {@code idle + interval x probes} (60 s) and Lettuce reconnects and subscribes again (a link with unacknowledged
 * data sends no probe: retransmissions decide there). Lettuce applies the idle time, interval and count only on a
 * native transport or, on NIO, through the JDK's extended socket options ({@code LettuceConnectorKeepAliveTests}
 * reads the sockets' timers from the kernel). The channel's own heartbeat ({@code RedisTokenInvalidations})
 * notices sooner; keepalive also frees the dead socket.
 */
public final class RedisSocketOptions {

    /** Idle time before the first probe. */
    public static final Duration KEEPALIVE_IDLE = Duration.ofSeconds(30);

    /** Time between probes. */
    public static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(10);

    /** Unanswered probes before the connection is closed. */
    public static final int KEEPALIVE_PROBES = 3;

    private RedisSocketOptions() {
    }

    /**
     * @param connectTimeout the time to establish a connection
     * @return the socket options
     */
    public static SocketOptions withKeepAlive(Duration connectTimeout) {
        return SocketOptions.builder()
            .connectTimeout(connectTimeout)
            .keepAlive(SocketOptions.KeepAliveOptions.builder()
                .enable()
                .idle(KEEPALIVE_IDLE)
                .interval(KEEPALIVE_INTERVAL)
                .count(KEEPALIVE_PROBES)
                .build())
            .build();
    }

}
