package io.cometgate.gateway.internal.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.protocol.DefaultEndpoint;
import io.lettuce.core.resource.EpollProvider;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollChannelOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TCP keepalive reaches the kernel's sockets, not only the options object: Lettuce applies the idle time, interval and
 * probe count only on a native transport or, on NIO, through the JDK's extended socket options, and otherwise
 * leaves the kernel's defaults (first probe after 2 hours) with a mere WARN. So this reads Linux's own view of the
 * connections of a {@link LettuceConnector} built as the auto-configuration builds it: {@code /proc/net/tcp} and
 * {@code tcp6} list each socket's pending timer ({@code tr:tm->when}), which on an idle, established socket with
 * keepalive is the keepalive timer ({@code 2}) with the time left until the first probe, in 1/100 s.
 */
class LettuceConnectorKeepAliveTests {

    // USER_HZ: /proc/net/tcp counts timers in clock ticks of 1/100 s.
    private static final int TICKS_PER_SECOND = 100;

    private static final int ESTABLISHED = 0x01;

    private static final int KEEPALIVE_TIMER = 2;

    private static RedisTestServer server;

    @BeforeAll
    static void startRedis() {
        server = RedisTestServer.startDedicated();
    }

    @AfterAll
    static void stopRedis() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSharedAndTheSubscriptionConnectionsSocketsProbeAfterThirtySecondsIdle() {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/net/tcp")), "Linux's /proc/net/tcp");
        withConnectorAsAutoConfigured(LettuceConnectorKeepAliveTests::assertConnectionsProbeAfterThirtySecondsIdle);
    }

    @Test
    void theSharedAndTheSubscriptionConnectionsGiveUpOnDataUnacknowledgedForAMinute() {
        // Lettuce sets TCP_USER_TIMEOUT on Linux's native transports only; the kernel does not show it in /proc, so
        // it is read back from the sockets through Netty.
        Assumptions.assumeTrue(EpollProvider.isAvailable(), "Netty's epoll transport");
        withConnectorAsAutoConfigured((connector) -> {
            StatefulConnection<byte[], byte[]> shared = connector.connectBinary().get(10, TimeUnit.SECONDS);
            StatefulRedisPubSubConnection<byte[], byte[]> subscription = connector.connectPubSub()
                .get(10, TimeUnit.SECONDS);
            for (StatefulConnection<byte[], byte[]> connection : List.of(shared, subscription)) {
                assertThat(channelOf(connection).config().getOption(EpollChannelOption.TCP_USER_TIMEOUT))
                    .as("TCP_USER_TIMEOUT of %s, in ms", connection.getClass().getSimpleName())
                    .isEqualTo((int) RedisSocketOptions.USER_TIMEOUT.toMillis())
                    .isEqualTo(60_000);
            }
        });
    }

    /** Runs {@code test} with a connector built from Spring Boot's Redis settings, as the auto-configuration does. */
    private static void withConnectorAsAutoConfigured(ConnectorTest test) {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, DataRedisAutoConfiguration.class))
            .withPropertyValues("spring.data.redis.url=" + server.url())
            .run((context) -> {
                LettuceConnector connector = new LettuceConnector(
                        BootRedisTarget.from(context.getBean(DataRedisConnectionDetails.class),
                                context.getBean(DataRedisProperties.class)),
                        Duration.ofSeconds(2), (options) -> {
                        });
                try {
                    test.run(connector);
                }
                finally {
                    // Closes every connection it opened.
                    connector.destroy();
                }
            });
    }

    @FunctionalInterface
    private interface ConnectorTest {

        void run(LettuceConnector connector) throws Exception;

    }

    // Lettuce's connection -> its writer (a command-expiry writer around the endpoint) -> the endpoint's channel.
    // Test code reading Lettuce's internals: there is no public way to a connection's socket.
    private static Channel channelOf(StatefulConnection<byte[], byte[]> connection) throws ReflectiveOperationException {
        Object writer = ((RedisChannelHandler<?, ?>) connection).getChannelWriter();
        while (!(writer instanceof DefaultEndpoint)) {
            Field delegate = writer.getClass().getDeclaredField("delegate");
            delegate.setAccessible(true);
            writer = delegate.get(writer);
        }
        Field channel = DefaultEndpoint.class.getDeclaredField("channel");
        channel.setAccessible(true);
        return (Channel) channel.get(writer);
    }

    private static void assertConnectionsProbeAfterThirtySecondsIdle(LettuceConnector connector) throws Exception {
        StatefulConnection<byte[], byte[]> shared = connector.connectBinary().get(10, TimeUnit.SECONDS);
        StatefulRedisPubSubConnection<byte[], byte[]> subscription = connector.connectPubSub()
            .get(10, TimeUnit.SECONDS);
        // One command each, answered: both links are established, and then idle, as a subscription mostly is.
        ((StatefulRedisConnection<byte[], byte[]>) shared).async().ping().get(10, TimeUnit.SECONDS);
        subscription.async().subscribe("keepalive-test".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
        int idleTicks = (int) RedisSocketOptions.KEEPALIVE_IDLE.toSeconds() * TICKS_PER_SECOND;
        String transport = EpollProvider.isAvailable() ? "epoll" : "NIO";

        // A timer other than keepalive may be pending for a moment after a command (a loss probe until the answer's
        // ACK): await the idle state rather than read it once.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Socket> sockets = clientSocketsTo(server.port());
            assertThat(sockets).as("this JVM's established connections to Redis (%s transport)", transport)
                .hasSizeGreaterThanOrEqualTo(2);
            assertThat(sockets).as("on the %s transport", transport).allSatisfy((socket) -> {
                // Without keepalive the timer is 0; with SO_KEEPALIVE alone (Lettuce's keepAlive(true), no idle time
                // applied) it is 2 as well, but the first probe is the kernel's default tcp_keepalive_time away:
                // about 720000 ticks (7200 s).
                assertThat(socket.timer()).as("%s: the keepalive timer is pending", socket).isEqualTo(KEEPALIVE_TIMER);
                assertThat(socket.whenTicks()).as("%s: ticks to the first probe", socket)
                    .isPositive()
                    .isLessThanOrEqualTo(idleTicks + TICKS_PER_SECOND);
            });
        });
    }

    /** This JVM's established TCP sockets whose remote port is the given one, IPv4 and IPv6 (Java's sockets). */
    private static List<Socket> clientSocketsTo(int port) {
        Set<Long> own = ownSocketInodes();
        List<Socket> sockets = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = readLines(path);
            // The first line names the columns.
            for (String line : lines.subList(1, lines.size())) {
                Socket socket = Socket.parse(line);
                if (socket.state() == ESTABLISHED && socket.remotePort() == port && own.contains(socket.inode())) {
                    sockets.add(socket);
                }
            }
        }
        return sockets;
    }

    // Each open socket of this process is a link /proc/self/fd/<n> -> socket:[<inode>].
    private static Set<Long> ownSocketInodes() {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                }
                catch (IOException closedMeanwhile) {
                    // not a socket of ours any more
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return inodes;
    }

    private static List<String> readLines(Path path) {
        try {
            return Files.readAllLines(path);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * One line of {@code /proc/net/tcp}: {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when
     * retrnsmt uid timeout inode ...}; addresses are {@code <hex address>:<hex port>}.
     */
    private record Socket(String local, String remote, int state, int timer, long whenTicks, long inode) {

        static Socket parse(String line) {
            String[] fields = line.trim().split("\\s+");
            String[] timer = fields[5].split(":");
            return new Socket(fields[1], fields[2], Integer.parseInt(fields[3], 16), Integer.parseInt(timer[0], 16),
                    Long.parseLong(timer[1], 16), Long.parseLong(fields[9]));
        }

        int remotePort() {
            return Integer.parseInt(this.remote.substring(this.remote.indexOf(':') + 1), 16);
        }

        @Override
        public String toString() {
            return "socket " + this.local + " -> " + this.remote + " (timer " + this.timer + ", when " + this.whenTicks
                    + " ticks)";
        }

    }

}
