package io.cometgate.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import redis.embedded.core.ExecutableProvider;

/**
 * The redis-server binary shipped by the embedded-redis artifact, run as a child process that stops exactly when
 * {@link #stop()} is called.
 * <p>
 * Not the artifact's own {@code RedisServer}: that one adds a JVM shutdown hook that stops Redis as soon as the JVM
 * is asked to stop, in parallel with Spring's own hook, so on every Ctrl-C Redis went away while the gateway's Lettuce
 * client was still connected, and Lettuce logged {@code Cannot reconnect}. Here the demo decides when Redis stops:
 * after the application's beans are destroyed.
 */
final class EmbeddedRedisProcess {

    private static final String READY = "Ready to accept connections";

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final Process process;

    private EmbeddedRedisProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts redis-server on {@code 127.0.0.1:port}, with nothing written to disk, and returns once it accepts
     * connections.
     * @throws IOException if it cannot start (the port is taken, say), with redis-server's own words
     */
    static EmbeddedRedisProcess start(int port, Path folder) throws IOException {
        String binary = ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
        List<String> command = new ArrayList<>();
        // In a session of its own where setsid exists (Linux): a Ctrl-C in the terminal signals the whole foreground
        // process group, and redis-server would die at once, before the gateway's Redis client has closed (Lettuce
        // then logs "Cannot reconnect"); this way only the JVM gets it, and stops redis-server after every bean.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", folder.toString()));
        Process process = new ProcessBuilder(command)
            .directory(folder.toFile())
            .redirectErrorStream(true)
            .start();
        BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = output.readLine()) != null) {
            lines.add(line);
            if (line.contains(READY)) {
                drain(output);
                return new EmbeddedRedisProcess(process);
            }
        }
        process.destroyForcibly();
        throw new IOException("redis-server stopped at start: " + String.join(" | ", lines));
    }

    /** Reads and drops redis-server's further output, so that a full pipe never stalls it. */
    private static void drain(BufferedReader output) {
        Thread drainer = new Thread(() -> {
            try {
                while (output.readLine() != null) {
                    // Dropped: the demo's Redis has nothing to say that the gateway's logs do not.
                }
            }
            catch (IOException ex) {
                // The process ended.
            }
        }, "embedded-redis-output");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Stops redis-server (SIGTERM, then SIGKILL after 5 s) and waits for it to end. */
    void stop() throws InterruptedException {
        this.process.destroy();
        if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
            this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

}
