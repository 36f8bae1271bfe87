package io.cometgate.gateway.internal.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;

import redis.embedded.RedisServer;

import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.RedisTarget;

/**
 * A real Redis server for tests: the one at {@code REDIS_URL} when that is set, otherwise a redis-server process
 * (shipped by the embedded-redis artifact, so nothing needs installing) on a free port. Tests that stop and restart
 * Redis use a {@link #startDedicated() dedicated} process of their own.
 */
public final class RedisTestServer implements AutoCloseable {

    private static RedisTestServer shared;

    private final RedisServer server;

    private final String url;

    private final int port;

    private RedisTestServer(RedisServer server, int port) {
        this.server = server;
        this.port = port;
        this.url = "redis://127.0.0.1:" + port;
    }

    private RedisTestServer(String url) {
        this.server = null;
        this.port = -1;
        this.url = url;
    }

    /** The Redis every test shares: {@code REDIS_URL}, or a process started once per JVM. */
    public static synchronized RedisTestServer shared() {
        if (shared == null) {
            String external = System.getenv("REDIS_URL");
            shared = (external != null && !external.isBlank()) ? new RedisTestServer(external) : startDedicated();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A redis-server process of the caller's own, which it may stop and start. */
    public static RedisTestServer startDedicated(String... settings) {
        int port = freePort();
        try {
            var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                // No snapshots: a restarted test server starts empty, like a replaced Redis node.
                .setting("save \"\"").setting("appendonly no")
                .setting("dir " + Files.createTempDirectory("redis-" + port));
            for (String setting : settings) {
                builder.setting(setting);
            }
            RedisServer server = builder.build();
            server.start();
            return new RedisTestServer(server, port);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A {@code redis://} URL of this server. */
    public String url() {
        return this.url;
    }

    /** CometGate's Lettuce client for this server, with a 2 s command timeout; the caller destroys it. */
    public LettuceConnector connector() {
        return new LettuceConnector(RedisTarget.url(this.url), Duration.ofSeconds(2));
    }

    /** The port of a started process. */
    public int port() {
        return this.port;
    }

    /** Stops the process; {@link #start()} brings it back on the same port, empty. */
    public void stop() {
        try {
            this.server.stop();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Starts the stopped process again. */
    public void start() {
        try {
            this.server.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        if (this.server != null && this.server.isActive()) {
            stop();
        }
    }

    /** A free port whose cluster bus port (+10000) is free too. */
    public static int freePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port + 10000 < 65536) {
                    try (ServerSocket bus = new ServerSocket(port + 10000)) {
                        return port;
                    }
                    catch (IOException busTaken) {
                        // try another
                    }
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        throw new IllegalStateException("No free port pair found");
    }

}
