package io.cometgate.gateway.internal.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a real server (Redis, here) that holds every answer back by a delay the test sets: a slow
 * Redis, made deterministic. Requests pass at once; answers wait. It can also black-hole its links. Test code: plain threads and sleeps.
 */
public final class DelayingTcpProxy implements AutoCloseable {

    private final ServerSocket server;

    private final int targetPort;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private volatile Duration answerDelay = Duration.ZERO;

    private volatile boolean blackHoled;

    private DelayingTcpProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    /**
     * @param targetPort the port of the server on 127.0.0.1
     * @return a started proxy on a free port
     */
    public static DelayingTcpProxy start(int targetPort) {
        try {
            DelayingTcpProxy proxy = new DelayingTcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                    targetPort);
            Thread acceptor = new Thread(proxy::accept, "proxy-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A {@code redis://} URL through this proxy. */
    public String redisUrl() {
        return "redis://127.0.0.1:" + this.server.getLocalPort();
    }

    /** Holds every answer read from now on back by {@code delay}. */
    public void delayAnswers(Duration delay) {
        this.answerDelay = delay;
    }

    /**
     * Drops every byte in both directions from now on (or forwards again), keeping the connections open: a link
     * that a NAT or load balancer dropped silently, half-open, as neither end can tell.
     */
    public void blackHole(boolean blackHoled) {
        this.blackHoled = blackHoled;
    }

    private void accept() {
        while (!this.server.isClosed()) {
            try {
                Socket client = this.server.accept();
                Socket target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                this.sockets.add(client);
                this.sockets.add(target);
                pump(client, target, false);
                pump(target, client, true);
            }
            catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean delayed) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    if (this.blackHoled) {
                        continue;
                    }
                    Duration delay = this.answerDelay;
                    if (delayed && !delay.isZero()) {
                        Thread.sleep(delay.toMillis());
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
            catch (IOException | InterruptedException ex) {
                // A side closed: the pair ends.
            }
            finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, delayed ? "proxy-answers" : "proxy-requests");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            this.server.close();
        }
        catch (IOException ignored) {
            // closing anyway
        }
        this.sockets.forEach(DelayingTcpProxy::closeQuietly);
    }

}
