package io.cometgate.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo gateway as a real process, a child JVM on this test's class path, as {@code java -jar} runs it: its own
 * logging set-up, its own shutdown hook, real signals. Its output is kept line by line for the tests to read.
 */
final class DemoProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Netty started on port (\\d+)");

    private final Process process;

    private final List<String> output = new CopyOnWriteArrayList<>();

    private final Thread reader;

    private DemoProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readOutput, "demo-process-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts the demo with {@code arguments} ({@code --name=value}) and waits until its server listens.
     * @param arguments the application's arguments; {@code --server.port=0} is added
     * @return the running process
     */
    static DemoProcess start(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), DemoGatewayApplication.class.getName(),
                "--server.port=0", "--spring.main.banner-mode=off"));
        command.addAll(arguments);
        try {
            DemoProcess demo = new DemoProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
            demo.awaitPort();
            return demo;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private volatile int port;

    int port() {
        return this.port;
    }

    String url() {
        return "http://localhost:" + this.port;
    }

    /** Every line written so far, standard output and error together. */
    List<String> output() {
        return List.copyOf(this.output);
    }

    /**
     * Sends SIGTERM (what {@code docker stop} and Kubernetes send). Through the process handle: {@link Process#destroy()}
     * would also close the pipe, and the lines the process writes while stopping would be lost.
     */
    void terminate() {
        this.process.toHandle().destroy();
    }

    /**
     * Waits for the process to end.
     * @param seconds the longest wait
     * @return the exit code
     */
    int awaitExit(long seconds) throws InterruptedException {
        if (!this.process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("The demo did not stop within " + seconds + " s; last output:\n" + tail());
        }
        this.reader.join(TimeUnit.SECONDS.toMillis(5));
        return this.process.exitValue();
    }

    private void awaitPort() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            for (String line : this.output) {
                Matcher started = STARTED.matcher(line);
                if (started.find()) {
                    this.port = Integer.parseInt(started.group(1));
                    return;
                }
            }
            if (!this.process.isAlive()) {
                throw new AssertionError("The demo stopped before listening:\n" + tail());
            }
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        close();
        throw new AssertionError("The demo did not listen within 120 s:\n" + tail());
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                this.output.add(line);
            }
        }
        catch (IOException ex) {
            // The process is gone; what was read is kept.
        }
    }

    String tail() {
        List<String> lines = output();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        if (this.process.isAlive()) {
            this.process.destroyForcibly();
        }
    }

}
