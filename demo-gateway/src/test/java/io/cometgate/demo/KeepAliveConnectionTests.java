package io.cometgate.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A keep-alive connection keeps being read when a client sends its next request before the server has finished with
 * the previous one (its answer already sent): a busy gateway, or a client as prompt as Gatling's, does that.
 * <p>
 * Reactor Netty 1.3.6 (Spring Boot 4.0.7's) buffers such a request, and when the buffered request is answered at once
 * it forgets to read from the connection again: the client's next request waits until the client gives up
 * (reactor-netty#4361; it lost a request in 5 of 28 smoke runs). The build pins a Reactor Netty with the fix. Made
 * deterministic here by a test filter that sends a first path's whole answer at once and finishes 1 s later.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "demo.emulator.port=0", "demo.issuer.port=0", "demo.redis.port=0" })
class KeepAliveConnectionTests {

    private static final Duration FINISHES_AFTER_ANSWER = Duration.ofSeconds(1);

    private static final int ANSWER_TIMEOUT_MILLIS = 5_000;

    @LocalServerPort
    private int port;

    @Test
    void keepAliveWhenNextRequestArrivesBeforePreviousFinishedThenEveryRequestIsAnswered() throws IOException {
        try (Socket socket = new Socket("localhost", this.port)) {
            socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            // Answered, then kept busy: the next request arrives while the server still works on this one.
            assertThat(exchange(socket, "/test/answered-then-busy")).startsWith("HTTP/1.1 200");
            // Buffered by the server, then answered at once when it is taken from the buffer.
            assertThat(exchange(socket, "/test/answered-at-once")).startsWith("HTTP/1.1 204");
            // The server must still be reading this connection.
            assertThat(exchange(socket, "/test/answered-at-once")).startsWith("HTTP/1.1 204");
        }
    }

    private static String exchange(Socket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        try {
            return readAnswer(socket.getInputStream());
        }
        catch (SocketTimeoutException ex) {
            return fail("No answer to " + path + " within " + ANSWER_TIMEOUT_MILLIS + " ms on a kept-alive connection");
        }
    }

    // An answer's head, and its body as long as its Content-Length.
    private static String readAnswer(InputStream in) throws IOException {
        String head = readHead(in);
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring("content-length:".length()).trim()));
            }
        }
        return head;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return fail("Connection closed by the server");
            }
            head.write(b);
            matched = (b == end[matched]) ? matched + 1 : ((b == end[0]) ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestPaths {

        // Before the security chain: these paths only exercise the connection handling.
        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        WebFilter answeredThenBusy() {
            return (exchange, chain) -> {
                String path = exchange.getRequest().getPath().value();
                if (path.equals("/test/answered-then-busy")) {
                    // The whole answer (its length announced) is flushed at once; the work ends later.
                    ServerHttpResponse response = exchange.getResponse();
                    response.getHeaders().setContentLength(2);
                    DataBuffer body = response.bufferFactory().wrap("ok".getBytes(StandardCharsets.US_ASCII));
                    return response.writeAndFlushWith(Flux.just(Flux.just(body))
                        .concatWith(Mono.delay(FINISHES_AFTER_ANSWER).thenMany(Flux.empty())));
                }
                if (path.equals("/test/answered-at-once")) {
                    exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
                    return exchange.getResponse().setComplete();
                }
                return chain.filter(exchange);
            };
        }

    }

}
