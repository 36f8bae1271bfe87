import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy that delays every chunk of bytes by a fixed time in each direction, keeping their order: in front of
 * Redis it adds {@code 2 x delay} to every round trip, so that the round trips a request waits for in sequence show
 * in its latency. Pipelined commands travel together and pay the delay once.
 * <p>
 * {@code java load-tests/tools/DelayingProxy.java <listen port> <target host> <target port> <delay ms per direction>}
 */
public final class DelayingProxy {

    public static void main(String[] args) throws IOException {
        int listenPort = Integer.parseInt(args[0]);
        String targetHost = args[1];
        int targetPort = Integer.parseInt(args[2]);
        long delayNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[3]));
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", listenPort));
            System.out.println("Delaying proxy on " + listenPort + " -> " + targetHost + ":" + targetPort + ", "
                    + args[3] + " ms each way");
            while (true) {
                Socket client = server.accept();
                Socket target = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                pipe(client, target, delayNanos);
                pipe(target, client, delayNanos);
            }
        }
    }

    /** Reads from one side and writes to the other once each chunk's delay has passed, in order. */
    private static void pipe(Socket from, Socket to, long delayNanos) {
        DelayQueue<Chunk> queue = new DelayQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[65536];
            try (InputStream in = from.getInputStream()) {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    queue.put(new Chunk(Arrays.copyOf(buffer, read), System.nanoTime() + delayNanos));
                }
            }
            catch (IOException ex) {
                // connection closed
            }
            queue.put(new Chunk(null, System.nanoTime() + delayNanos));
        });
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk.bytes == null) {
                        break;
                    }
                    out.write(chunk.bytes);
                    out.flush();
                }
            }
            catch (IOException | InterruptedException ex) {
                // connection closed
            }
            closeQuietly(from);
            closeQuietly(to);
        });
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // already closed
        }
    }

    // Chunks are queued in arrival order with the same delay, so their due times keep that order.
    private record Chunk(byte[] bytes, long dueNanos) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(this.dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(this.dueNanos, ((Chunk) other).dueNanos);
        }

    }

}
