package io.cometgate.loadtests.capacity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Commands Redis has executed, by name, from {@code INFO commandstats}, read over a plain socket (one RESP command;
 * no client library, so the load tests stay independent of the gateway's Redis client). Commands run inside a Lua
 * script are counted too ({@code EVAL}'s inner {@code GET} and {@code PSETEX}). The {@code INFO} command itself is
 * left out.
 */
public final class RedisCommandStats {

    private static final int TIMEOUT_MILLIS = 5000;

    private final String host;

    private final int port;

    private RedisCommandStats(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** From {@code redis://host:port}; empty for a blank URL. */
    public static Optional<RedisCommandStats> of(Optional<String> redisUrl) {
        return redisUrl.map(URI::create)
            .map((uri) -> new RedisCommandStats(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379));
    }

    /** Calls by command, lower case, {@code info} excluded. */
    public Map<String, Long> read() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(this.host, this.port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write("*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(readBulkString(socket.getInputStream()));
        }
    }

    static Map<String, Long> parse(String info) {
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            // cmdstat_get:calls=123,usec=456,usec_per_call=3.71,...
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            int colon = line.indexOf(':');
            String command = line.substring("cmdstat_".length(), colon);
            int start = line.indexOf("calls=", colon) + "calls=".length();
            int end = line.indexOf(',', start);
            if (!command.equals("info")) {
                calls.put(command, Long.parseLong(line.substring(start, (end < 0) ? line.length() : end)));
            }
        }
        return calls;
    }

    private static String readBulkString(InputStream in) throws IOException {
        String header = readLine(in);
        if (!header.startsWith("$")) {
            throw new IOException("Unexpected answer to INFO: " + header);
        }
        int length = Integer.parseInt(header.substring(1));
        byte[] body = in.readNBytes(length);
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        int current;
        while ((current = in.read()) != -1) {
            if (previous == '\r' && current == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
            }
            line.write(current);
            previous = current;
        }
        throw new IOException("Redis closed the connection");
    }

    @Override
    public String toString() {
        return "redis://" + this.host + ":" + this.port;
    }

}
