package io.cometgate.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.redis.LettuceConnector;
import io.cometgate.gateway.redis.SharedRedisConnection;

/**
 * Token invalidations over a Redis pub/sub channel: published on the replica's shared connection, heard on a
 * subscription connection of its own (a subscribed connection can send nothing else). A message is
 * {@code <sender id> <app id>:<uid>}: a replica ignores its own. Works on Redis Cluster too, where a
 * {@code PUBLISH} reaches the subscribers of every node.
 * <p>
 * The subscription is opened at start-up without blocking, retried until Redis answers, and renewed by Lettuce after
 * every reconnect; each confirmation is reported to the listener as {@link Listener#subscribed()}.
 */
public final class RedisTokenInvalidations implements TokenInvalidations, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(RedisTokenInvalidations.class);

    private final LettuceConnector connector;

    private final SharedRedisConnection redis;

    private final byte[] channel;

    private final String senderId = UUID.randomUUID().toString();

    private final AtomicReference<Disposable> opening = new AtomicReference<>();

    private final AtomicReference<StatefulRedisPubSubConnection<byte[], byte[]>> subscription = new AtomicReference<>();

    /**
     * @param connector opens the subscription connection
     * @param redis the shared connection, to publish
     * @param channel the channel's name
     */
    public RedisTokenInvalidations(LettuceConnector connector, SharedRedisConnection redis, String channel) {
        Assert.notNull(connector, "connector cannot be null");
        Assert.notNull(redis, "redis cannot be null");
        Assert.hasText(channel, "channel cannot be empty");
        this.connector = connector;
        this.redis = redis;
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Subscribes in the background: returns at once. Until Redis answers, opening is retried (backing off to 2 s).
     * @param listener hears every other replica's invalidation, and every (re)subscription
     */
    public void listen(Listener listener) {
        Assert.notNull(listener, "listener cannot be null");
        Disposable started = Mono.fromFuture(this.connector::connectPubSub)
            .flatMap((connection) -> {
                connection.addListener(new Adapter(listener));
                return Mono.fromCompletionStage(connection.async().subscribe(this.channel))
                    .doOnError((ex) -> connection.closeAsync())
                    .thenReturn(connection);
            })
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(50)).maxBackoff(Duration.ofSeconds(2)))
            .subscribe(this.subscription::set,
                    (ex) -> logger.warn("Token invalidation channel not subscribed: {}", ex.getClass().getSimpleName()));
        Disposable previous = this.opening.getAndSet(started);
        Assert.state(previous == null, "listen is called once");
    }

    @Override
    public Mono<Void> publish(CometChatApp app, String uid) {
        byte[] message = (this.senderId + " " + app.appId() + ":" + uid).getBytes(StandardCharsets.UTF_8);
        return this.redis.call((commands) -> commands.publish(this.channel, message))
            .then()
            .onErrorResume((ex) -> {
                logger.debug("Token invalidation not published: {}", ex.getClass().getSimpleName());
                return Mono.empty();
            });
    }

    @Override
    public void destroy() {
        Disposable started = this.opening.get();
        if (started != null) {
            started.dispose();
        }
        StatefulRedisPubSubConnection<byte[], byte[]> connection = this.subscription.get();
        if (connection != null) {
            connection.closeAsync();
        }
    }

    private final class Adapter extends RedisPubSubAdapter<byte[], byte[]> {

        private final Listener listener;

        Adapter(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void message(byte[] channel, byte[] message) {
            String text = new String(message, StandardCharsets.UTF_8);
            int space = text.indexOf(' ');
            int colon = text.indexOf(':', space + 1);
            if (space <= 0 || colon <= space + 1 || text.startsWith(RedisTokenInvalidations.this.senderId + " ")) {
                return;
            }
            this.listener.invalidated(text.substring(space + 1, colon), text.substring(colon + 1));
        }

        @Override
        public void subscribed(byte[] channel, long count) {
            this.listener.subscribed();
        }

    }

}
