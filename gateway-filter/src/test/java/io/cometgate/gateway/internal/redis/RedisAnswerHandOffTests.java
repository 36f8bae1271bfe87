package io.cometgate.gateway.internal.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a request continues after a Redis answer, on a real Reactor Netty server and a real Redis: on the event loop
 * serving the request, never on Lettuce's I/O thread.
 */
class RedisAnswerHandOffTests {

    private static LettuceConnector connector;

    private static SharedRedisConnection redis;

    private static DisposableServer server;

    @BeforeAll
    static void start() {
        connector = RedisTestServer.shared().connector();
        redis = new SharedRedisConnection(connector,
                new RedisAvailability(Duration.ZERO, Duration.ZERO, Clock.systemUTC()));
        // Answers with the name of the thread that ran the code after a Redis PING, and the thread that served the
        // request before it.
        HttpHandler handler = WebHttpHandlerBuilder.webHandler((exchange) -> {
            String servedBy = Thread.currentThread().getName();
            return redis.call((commands) -> commands.ping())
                .map((pong) -> servedBy + " " + Thread.currentThread().getName())
                .contextWrite((context) -> RedisAnswerHandOff.forRequest(context, exchange))
                .flatMap((threads) -> {
                    DataBuffer body = exchange.getResponse().bufferFactory()
                        .wrap(threads.getBytes(StandardCharsets.UTF_8));
                    return exchange.getResponse().writeWith(Mono.just(body));
                });
        }).build();
        server = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(handler))
            .bindNow();
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
        connector.destroy();
    }

    @Test
    void continueOnRequestThreadWhenServedByReactorNettyThenTheRequestsOwnEventLoop() {
        for (int request = 0; request < 20; request++) {
            String[] threads = HttpClient.create()
                .get()
                .uri("http://127.0.0.1:" + server.port() + "/")
                .responseContent()
                .aggregate()
                .asString()
                .block(Duration.ofSeconds(10))
                .split(" ");

            assertThat(threads[1]).as("after Redis answered").isEqualTo(threads[0]).doesNotContain("lettuce");
        }
    }

    @Test
    void continueOnRequestThreadWhenNotServedByReactorNettyThenReactorsParallelScheduler() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));

        String thread = redis.call((commands) -> commands.ping())
            .map((pong) -> Thread.currentThread().getName())
            .contextWrite((context) -> RedisAnswerHandOff.forRequest(context, exchange))
            .block(Duration.ofSeconds(10));

        assertThat(thread).startsWith("parallel-");
    }

}
