package io.cometgate.gateway.internal.redis;

import java.time.Duration;

import io.lettuce.core.SocketOptions;
import io.lettuce.core.resource.EpollProvider;
import io.lettuce.core.resource.IOUringProvider;

/**
 * The socket options of every CometGate connection to Redis: the connect timeout, and TCP keepalive probing an idle
 * connection after {@link #KEEPALIVE_IDLE}, every {@link #KEEPALIVE_INTERVAL}, {@link #KEEPALIVE_PROBES} times.
 * <p>
 * WHY keepalive: the invalidation channel's subscription connection only ever reads. When a NAT or load balancer
 * drops it silently, or a failover moves the Redis behind a virtual IP, nothing fails on this side, and without
 * keepalive the kernel never finds out; with it, the dead link is closed after about
 * {@code idle + interval x probes} (60 s) and Lettuce reconnects and subscribes again (a link with unacknowledged
 * data sends no probe: retransmissions decide there, see below). Lettuce applies the idle time, interval and count only on a
 * native transport or, on NIO, through the JDK's extended socket options ({@code LettuceConnectorKeepAliveTests}
 * reads the sockets' timers from the kernel). The channel's own heartbeat ({@code RedisTokenInvalidations})
 * notices sooner; keepalive also frees the dead socket.
 * <p>
 * WHY a user timeout ({@link #USER_TIMEOUT}, Linux's {@code TCP_USER_TIMEOUT}): the shared connection mostly has a
 * command in flight, so keepalive never probes it, and Linux retransmits to a peer that vanished for about 15 minutes
 * before it gives up. All that time every command of this replica would time out and it would decide without Redis,
 * while Redis is fine for the other replicas. With the user timeout, data left unacknowledged for as long as
 * keepalive takes to give up on an idle link closes the connection, and Lettuce connects again. Lettuce applies it
 * on Linux's native transports only (epoll, io_uring; Reactor Netty brings epoll for linux-x86_64), so it is asked
 * for only there; on NIO the kernel's retransmission bound stays.
 */
public final class RedisSocketOptions {

    /** Idle time before the first probe. */
    public static final Duration KEEPALIVE_IDLE = Duration.ofSeconds(30);

    /** Time between probes. */
    public static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(10);

    /** Unanswered probes before the connection is closed. */
    public static final int KEEPALIVE_PROBES = 3;

    /** Longest time sent data may stay unacknowledged before the connection is closed: keepalive's own bound. */
    public static final Duration USER_TIMEOUT = KEEPALIVE_IDLE.plus(KEEPALIVE_INTERVAL.multipliedBy(KEEPALIVE_PROBES));

    private RedisSocketOptions() {
    }

    /**
     * @param connectTimeout the time to establish a connection
     * @return the socket options; with the user timeout when Netty's native transport (epoll or io_uring) is here
     */
    public static SocketOptions withKeepAlive(Duration connectTimeout) {
        return withKeepAlive(connectTimeout, EpollProvider.isAvailable() || IOUringProvider.isAvailable());
    }

    /**
     * @param connectTimeout the time to establish a connection
     * @param nativeTransport whether Lettuce connects on a native transport, the only ones it sets the user timeout
     * on (on NIO it would log a WARN for every connection, and the kernel's retransmission bound stays anyway)
     * @return the socket options
     */
    static SocketOptions withKeepAlive(Duration connectTimeout, boolean nativeTransport) {
        SocketOptions.Builder options = SocketOptions.builder()
            .connectTimeout(connectTimeout)
            .keepAlive(SocketOptions.KeepAliveOptions.builder()
                .enable()
                .idle(KEEPALIVE_IDLE)
                .interval(KEEPALIVE_INTERVAL)
                .count(KEEPALIVE_PROBES)
                .build());
        if (nativeTransport) {
            options.tcpUserTimeout(SocketOptions.TcpUserTimeoutOptions.builder()
                .enable()
                .tcpUserTimeout(USER_TIMEOUT)
                .build());
        }
        return options.build();
    }

}
