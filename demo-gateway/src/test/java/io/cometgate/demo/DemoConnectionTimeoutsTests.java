package io.cometgate.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Slow clients over raw sockets: an idle connection and one that never finishes its headers are closed by the
 * server within the configured time (here 1 s; the test allows 15 s, so it does not depend on timing).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "demo.emulator.port=0", "demo.issuer.port=0", "demo.redis.port=0",
                "server.netty.idle-timeout=1s", "demo.server.request-read-timeout=1s" })
class DemoConnectionTimeoutsTests {

    private static final int UPPER_BOUND_MILLIS = 15_000;

    @LocalServerPort
    private int port;

    @Test
    void connectionWhenIdleThenClosedByServer() throws IOException {
        try (Socket socket = new Socket("localhost", this.port)) {
            assertClosedByServer(socket);
        }
    }

    @Test
    void connectionWhenHeadersNeverFinishThenClosedByServer() throws IOException {
        try (Socket socket = new Socket("localhost", this.port)) {
            socket.getOutputStream()
                .write("POST /cometchat-token HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer abc"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertClosedByServer(socket);
        }
    }

    @Test
    void connectionWhenBodyStopsHalfwayThenClosedByServer() throws IOException {
        try (Socket socket = new Socket("localhost", this.port)) {
            socket.getOutputStream()
                .write(("POST /cometchat-token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"half\":").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertClosedByServer(socket);
        }
    }

    @Test
    void connectionWhenIdleAfterAnAnsweredRequestThenClosedByServer() throws IOException {
        try (Socket socket = new Socket("localhost", this.port)) {
            socket.getOutputStream()
                .write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertClosedByServer(socket);
        }
    }

    /** Reads (and discards any answer) until the server closes the connection, failing after the upper bound. */
    private static void assertClosedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(UPPER_BOUND_MILLIS);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            int total = 0;
            int read;
            while ((read = in.read(buffer)) != -1) {
                total += read;
                assertThat(total).as("bytes answered").isLessThan(64 * 1024);
            }
        }
        catch (SocketTimeoutException ex) {
            fail("The server kept the connection open for " + UPPER_BOUND_MILLIS + " ms");
        }
        catch (java.net.SocketException reset) {
            // Closed with a reset: closed all the same.
        }
    }

}
