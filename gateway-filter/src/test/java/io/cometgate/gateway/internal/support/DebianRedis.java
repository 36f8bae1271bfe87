package io.cometgate.gateway.internal.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server process of Debian's build ({@code apt-get install redis-server}), which has what the embedded
 * binary lacks: TLS, and Sentinel ({@code redis-server <config> --sentinel}). Started from a configuration file of
 * the test's own, in a folder of its own, on a free port; {@link #kill()} ends it with SIGKILL, as a crashed node.
 */
public final class DebianRedis implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final Process process;

    private final int port;

    private final Path folder;

    private DebianRedis(Process process, int port, Path folder) {
        this.process = process;
        this.port = port;
        this.folder = folder;
    }

    /** Whether Debian's redis-server is installed here (with TLS: Debian builds it in). */
    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Starts a Redis (or, with {@code --sentinel} among the extra arguments, a sentinel) and waits until it listens.
     * @param config configuration lines; {@code port} is added (for TLS, give {@code port 0} and {@code tls-port})
     * @param listenPort the port that answers once started
     * @param arguments extra command-line arguments
     * @return the process
     */
    public static DebianRedis start(List<String> config, int listenPort, String... arguments) {
        try {
            Path folder = Files.createTempDirectory("debian-redis-" + listenPort);
            List<String> lines = new ArrayList<>();
            lines.add("bind 127.0.0.1");
            lines.add("dir " + folder);
            lines.add("save \"\"");
            lines.add("appendonly no");
            lines.add("daemonize no");
            lines.add("logfile " + folder.resolve("redis.log"));
            lines.addAll(config);
            if (config.stream().noneMatch((line) -> line.startsWith("port "))) {
                lines.add("port " + listenPort);
            }
            Path file = folder.resolve("redis.conf");
            Files.write(file, lines);
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), file.toString()));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("stdout.log").toFile())
                .start();
            DebianRedis redis = new DebianRedis(process, listenPort, folder);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server exited: " + redis.log());
                }
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", listenPort)) {
                    return true;
                }
                catch (IOException notYet) {
                    return false;
                }
            });
            return redis;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The port it listens on. */
    public int port() {
        return this.port;
    }

    /** Its working folder (configuration, log). */
    public Path folder() {
        return this.folder;
    }

    /** Its log so far. */
    public String log() {
        try {
            Path log = this.folder.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log) : "";
        }
        catch (IOException ex) {
            return ex.toString();
        }
    }

    /** Ends the process at once (SIGKILL), as a node that crashed. */
    public void kill() {
        this.process.destroyForcibly();
        try {
            this.process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs commands on this server as the given user (or none), over plain TCP.
     * @param <T> the result
     * @param uri where and as whom
     * @param command the commands
     * @return their result
     */
    public static <T> T run(RedisURI uri, java.util.function.Function<RedisCommands<String, String>, T> command) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
            return command.apply(connection.sync());
        }
        finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        kill();
    }

}
