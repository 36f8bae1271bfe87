package io.cometgate.gateway.internal.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * Redis's {@code MONITOR} feed, read on a connection of its own: every command Redis runs, as Redis sees it, in the
 * order it runs them (a command is listed when it runs, so a command held back by a pause is listed when the pause
 * ends). Lines of commands run by a script ({@code [0 lua]}) are left out: only what clients sent is kept. Test code:
 * a plain socket and a reader thread.
 */
public final class RedisMonitor implements AutoCloseable {

    private final Socket socket;

    private final List<String> commands = new CopyOnWriteArrayList<>();

    private RedisMonitor(Socket socket) {
        this.socket = socket;
    }

    /**
     * @param port the port of a redis-server on 127.0.0.1, without a password
     * @return a monitor that has started listing
     */
    public static RedisMonitor start(int port) {
        try {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            RedisMonitor monitor = new RedisMonitor(socket);
            socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            Thread reader = new Thread(monitor::read, "redis-monitor");
            reader.setDaemon(true);
            reader.start();
            monitor.mark();
            return monitor;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(this.socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("+") && !line.contains(" lua] ")) {
                    this.commands.add(line.substring(1));
                }
            }
        }
        catch (IOException closed) {
            // The test is over.
        }
    }

    /**
     * Sends a command of its own on another connection and waits until the feed lists it: every command Redis ran
     * before it is then listed too.
     * @return the marker's text
     */
    public String mark() {
        String marker = "monitor-mark-" + UUID.randomUUID();
        try (Socket other = new Socket(InetAddress.getLoopbackAddress(), this.socket.getPort())) {
            other.getOutputStream().write(("ECHO " + marker + "\r\n").getBytes(StandardCharsets.UTF_8));
            other.getOutputStream().flush();
            other.getInputStream().read(new byte[256]);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> this.commands.stream().anyMatch((c) -> c.contains(marker)));
        return marker;
    }

    /** The commands listed so far, each as Redis prints it: {@code <time> [<db> <client>] "<name>" "<arg>" ...}. */
    public List<String> commands() {
        return List.copyOf(this.commands);
    }

    /** Forgets the commands listed so far. */
    public void clear() {
        this.commands.clear();
    }

    @Override
    public void close() {
        try {
            this.socket.close();
        }
        catch (IOException ignored) {
            // closing anyway
        }
    }

}
