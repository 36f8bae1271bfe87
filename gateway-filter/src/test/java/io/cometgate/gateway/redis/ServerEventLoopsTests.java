package io.cometgate.gateway.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.socket.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import io.cometgate.gateway.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lettuce on the event loops of a real Reactor Netty server, against a real Redis: answers are read on the server's
 * loops (no Lettuce I/O thread), a request continues on its own loop, and closing the client leaves the loops, which
 * Reactor Netty owns, running.
 */
class ServerEventLoopsTests {

    private static final String LOOPS = "cometgate-test-loops";

    private LoopResources loops;

    private LettuceConnector connector;

    @BeforeEach
    void start() {
        this.loops = LoopResources.create(LOOPS, 2, true);
        RedisSettings settings = new RedisSettings();
        settings.setUrl(RedisTestServer.shared().url());
        this.connector = new LettuceConnector(settings, Duration.ofSeconds(2), new ServerEventLoops(() -> this.loops));
    }

    @AfterEach
    void stop() {
        this.connector.destroy();
        this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    }

    @Test
    void whenSharingTheServersLoopsThenEveryAnswerIsReadOnOneOfThem() throws Exception {
        assertThat(this.connector.sharesServerEventLoops()).isTrue();
        StatefulRedisConnection<byte[], byte[]> connection = standalone(this.connector.connectBinary().get(5, TimeUnit.SECONDS));

        for (int command = 0; command < 20; command++) {
            String readBy = connection.async()
                .ping()
                .thenApply((pong) -> Thread.currentThread().getName())
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

            assertThat(readBy).startsWith(LOOPS + "-").doesNotContain("lettuce");
        }
    }

    @Test
    void whenServedByTheLoopsLettuceUsesThenTheRequestContinuesOnItsOwnLoop() {
        SharedRedisConnection redis = new SharedRedisConnection(this.connector,
                new RedisAvailability(Duration.ZERO, Duration.ZERO, Clock.systemUTC()));
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
        DisposableServer server = HttpServer.create()
            .runOn(this.loops)
            .host("127.0.0.1")
            .port(0)
            .handle(new ReactorHttpHandlerAdapter(handler))
            .bindNow();
        try {
            for (int request = 0; request < 20; request++) {
                // A new connection each time, so that the requests are spread over the server's loops.
                String[] threads = HttpClient.newConnection()
                    .get()
                    .uri("http://127.0.0.1:" + server.port() + "/")
                    .responseContent()
                    .aggregate()
                    .asString()
                    .block(Duration.ofSeconds(10))
                    .split(" ");

                assertThat(threads[0]).startsWith(LOOPS + "-");
                assertThat(threads[1]).as("after Redis answered").isEqualTo(threads[0]);
            }
        }
        finally {
            server.disposeNow();
        }
    }

    @Test
    void whenTheClientStopsThenItsConnectionsCloseAndTheServersLoopsKeepRunning() throws Exception {
        StatefulConnection<byte[], byte[]> connection = this.connector.connectBinary().get(5, TimeUnit.SECONDS);
        this.connector.start();
        CountDownLatch stopped = new CountDownLatch(1);

        this.connector.stop(stopped::countDown);

        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(connection.isOpen()).isFalse();
        assertThat(this.connector.isRunning()).isFalse();
        EventLoopGroup serverLoops = this.loops.onServer(true);
        assertThat(serverLoops.isShuttingDown()).isFalse();
    }

    @Test
    void whenLettucesChannelTypeDoesNotFitTheLoopsThenTheyAreNotShared() {
        ServerEventLoops serverLoops = new ServerEventLoops(() -> this.loops);
        Class<? extends SocketChannel> fitting = this.loops.onChannelClass(SocketChannel.class,
                this.loops.onServer(LoopResources.DEFAULT_NATIVE));

        assertThat(serverLoops.fits(fitting)).isTrue();
        assertThat(serverLoops.fits(LocalChannel.class)).isFalse();
    }

    @Test
    void whenRedisIsAUnixDomainSocketThenLettuceKeepsLoopsOfItsOwn() {
        RedisSettings settings = new RedisSettings();
        settings.setUrl("redis-socket:///tmp/cometgate-test-redis.sock");

        LettuceConnector socketConnector = new LettuceConnector(settings, Duration.ofSeconds(2),
                new ServerEventLoops(() -> this.loops));
        try {
            assertThat(socketConnector.sharesServerEventLoops()).isFalse();
        }
        finally {
            socketConnector.destroy();
        }
    }

    private static StatefulRedisConnection<byte[], byte[]> standalone(StatefulConnection<byte[], byte[]> connection) {
        return (StatefulRedisConnection<byte[], byte[]>) connection;
    }

}
