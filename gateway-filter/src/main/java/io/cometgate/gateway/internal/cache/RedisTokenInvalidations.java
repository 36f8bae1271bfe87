package io.cometgate.gateway.internal.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.RedisAvailability;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;

/**
 * Token invalidations over a Redis pub/sub channel: published on the replica's shared connection, heard on a
 * subscription connection of its own (a subscribed connection can send nothing else). A message is
 * {@code <sender id> <app id>:<uid>}, or a heartbeat {@code <sender id> !heartbeat <number>}: a replica ignores its
 * own invalidations and every other replica's heartbeat (numbered or not: replicas of an earlier version send
 * {@code <sender id> !heartbeat}). Works on Redis Cluster too, where a {@code PUBLISH} reaches the subscribers of
 * every node.
 * <p>
 * The subscription is opened at start-up without blocking, retried until Redis answers, and renewed by Lettuce after
 * every reconnect; each confirmation is reported to the listener as {@link Listener#subscribed()}.
 * <p>
 * <b>Liveness.</b> A subscription can die without a word (a NAT dropping an idle connection, a failover behind a
 * virtual IP: a half-open link; TCP keepalive notices only after about a minute). So every {@code heartbeatEvery}
 * the replica publishes a heartbeat on the channel, through the shared connection, and expects to hear it; which ones
 * are unheard is kept by a {@link HeartbeatLedger}.
 * When Redis took heartbeats (the latest within one interval) but the oldest unheard one is older than three
 * intervals, the subscription is dead: coherence is lost. The listener is told ({@link Listener#coherenceLost()}:
 * the near cache is dropped and bypassed), a WARN is logged, and a new subscription connection replaces the old;
 * its confirmation ({@link Listener#subscribed()}) restores coherence. While Redis itself is away nothing is
 * declared: no heartbeat is taken then, and the replica keeps what it knows, as designed for outages.
 */
public final class RedisTokenInvalidations implements TokenInvalidations, DisposableBean {

    /** The heartbeat interval when none is given. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);

    private static final Logger logger = LoggerFactory.getLogger(RedisTokenInvalidations.class);

    // A heartbeat is "<sender id> !heartbeat <number>". Replicas of the previous version sent no number, and took
    // any message without a colon after the sender for no invalidation: both kinds pass each other's heartbeats by.
    private static final String HEARTBEAT = "!heartbeat";

    private static final int MISSED_HEARTBEATS = 3;

    private final LettuceConnector connector;

    private final SharedRedisConnection redis;

    private final byte[] channel;

    private final Duration heartbeatEvery;

    private final String senderId = UUID.randomUUID().toString();

    private final AtomicReference<Disposable> opening = new AtomicReference<>();

    private final AtomicReference<Disposable> heartbeats = new AtomicReference<>();

    private final AtomicReference<StatefulRedisPubSubConnection<byte[], byte[]>> subscription = new AtomicReference<>();

    // Numbers this replica's heartbeats, so that hearing one is told from taking it (see HeartbeatLedger).
    private final AtomicLong heartbeatNumbers = new AtomicLong();

    private final HeartbeatLedger ledger = new HeartbeatLedger();

    private final AtomicLong lastPublishedNanos = new AtomicLong();

    private final AtomicBoolean coherent = new AtomicBoolean();

    private final AtomicLong coherenceLosses = new AtomicLong();

    private volatile Listener listener;

    private volatile boolean subscribed;

    private volatile boolean destroyed;

    /**
     * @param connector opens the subscription connection
     * @param redis the shared connection, to publish
     * @param channel the channel's name
     */
    public RedisTokenInvalidations(LettuceConnector connector, SharedRedisConnection redis, String channel) {
        this(connector, redis, channel, DEFAULT_HEARTBEAT);
    }

    /**
     * @param connector opens the subscription connection
     * @param redis the shared connection, to publish
     * @param channel the channel's name
     * @param heartbeatEvery how often this replica checks its subscription with a heartbeat; three missed ones
     * (while Redis takes them) lose coherence
     */
    public RedisTokenInvalidations(LettuceConnector connector, SharedRedisConnection redis, String channel,
            Duration heartbeatEvery) {
        Assert.notNull(connector, "connector cannot be null");
        Assert.notNull(redis, "redis cannot be null");
        Assert.hasText(channel, "channel cannot be empty");
        Assert.isTrue(heartbeatEvery != null && heartbeatEvery.compareTo(Duration.ZERO) > 0,
                "heartbeatEvery must be positive");
        this.connector = connector;
        this.redis = redis;
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        this.heartbeatEvery = heartbeatEvery;
    }

    /**
     * Subscribes in the background: returns at once. Until Redis answers, opening is retried (backing off to 2 s).
     * Starts the heartbeats.
     * @param listener hears every other replica's invalidation, and every (re)subscription
     */
    public void listen(Listener listener) {
        Assert.notNull(listener, "listener cannot be null");
        Assert.state(this.listener == null, "listen is called once");
        this.listener = listener;
        subscribe();
        this.heartbeats.set(Flux.interval(this.heartbeatEvery, this.heartbeatEvery)
            .onBackpressureDrop()
            .concatMap((tick) -> heartbeat())
            .subscribe());
    }

    private void subscribe() {
        Disposable started = Mono.fromFuture(this.connector::connectPubSub)
            .flatMap((connection) -> {
                connection.addListener(new Adapter(this.listener));
                return Mono.fromCompletionStage(connection.async().subscribe(this.channel))
                    .doOnError((ex) -> connection.closeAsync())
                    .thenReturn(connection);
            })
            .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(50))
                .maxBackoff(Duration.ofSeconds(2))
                // A refused SUBSCRIBE (an ACL without the channel, maxclients) is retried forever: say so once
                // per streak, not never.
                .doBeforeRetry((signal) -> {
                    if (signal.totalRetriesInARow() == 0) {
                        logger.warn("Token invalidation channel not subscribed ({}): retrying; meanwhile this "
                                + "replica's near cache is bypassed", signal.failure().getClass().getSimpleName());
                    }
                }))
            .subscribe((connection) -> {
                StatefulRedisPubSubConnection<byte[], byte[]> previous = this.subscription.getAndSet(connection);
                if (previous != null) {
                    previous.closeAsync();
                }
                if (this.destroyed) {
                    connection.closeAsync();
                }
            });
        Disposable previous = this.opening.getAndSet(started);
        if (previous != null) {
            previous.dispose();
        }
    }

    /** One heartbeat: publish one, and decide whether the subscription still hears this replica. */
    private Mono<Void> heartbeat() {
        return Mono.defer(() -> {
            long heartbeat = this.heartbeatNumbers.incrementAndGet();
            byte[] message = (this.senderId + " " + HEARTBEAT + " " + heartbeat).getBytes(StandardCharsets.UTF_8);
            return this.redis.call((commands) -> commands.publish(this.channel, message))
                .doOnNext((receivers) -> {
                    long now = System.nanoTime();
                    this.lastPublishedNanos.set(now);
                    this.ledger.taken(heartbeat, now);
                })
                // Not taken: Redis is away or slow; this says nothing about the subscription.
                .onErrorResume((ex) -> Mono.empty())
                .then(Mono.fromRunnable(this::checkHeard));
        });
    }

    private void checkHeard() {
        OptionalLong oldestUnheard = this.ledger.oldestUnheardNanos();
        long now = System.nanoTime();
        boolean redisTakesHeartbeats = now - this.lastPublishedNanos.get() <= this.heartbeatEvery.toNanos() * 2;
        boolean unheardTooLong = oldestUnheard.isPresent()
                && now - oldestUnheard.getAsLong() > this.heartbeatEvery.toNanos() * MISSED_HEARTBEATS;
        if (redisTakesHeartbeats && unheardTooLong && this.subscribed && this.coherent.compareAndSet(true, false)) {
            this.coherenceLosses.incrementAndGet();
            logger.warn("Token invalidation channel is silent: Redis takes this replica's heartbeats but the "
                    + "subscription does not deliver them (a dropped or half-open connection). The near cache is "
                    + "dropped and bypassed, and the subscription opened again");
            this.listener.coherenceLost();
            this.ledger.reset();
            subscribe();
        }
    }

    @Override
    public Mono<Void> publish(CometChatApp app, String uid) {
        return this.redis.call((commands) -> commands.publish(this.channel, message(app, uid)))
            .doOnError(RedisTokenInvalidations::logFailedPublish)
            .then();
    }

    @Override
    public Mono<Void> publishEvenIfKnownDown(CometChatApp app, String uid) {
        return this.redis.callEvenIfKnownDown((commands) -> commands.publish(this.channel, message(app, uid)))
            .doOnError(RedisTokenInvalidations::logFailedPublish)
            .then();
    }

    private byte[] message(CometChatApp app, String uid) {
        return (this.senderId + " " + app.appId() + ":" + uid).getBytes(StandardCharsets.UTF_8);
    }

    // Redis away is logged once per outage (RedisAvailability); Redis refusing PUBLISH (an ACL, say) while it
    // answers everything else would silently leave every replica's copy stale: that is worth a WARN each time.
    private static void logFailedPublish(Throwable failure) {
        if (RedisAvailability.isUnavailability(failure)) {
            logger.debug("Token invalidation not published: {}", failure.getClass().getSimpleName());
        }
        else {
            logger.warn("Token invalidation refused by Redis ({}): other replicas keep their copy of the user's "
                    + "token until its TTL; allow PUBLISH on the channel", failure.getClass().getSimpleName());
        }
    }

    /** Whether Redis has confirmed the subscription at least once. */
    public boolean subscribed() {
        return this.subscribed;
    }

    /**
     * Whether the subscription is known to deliver: confirmed by Redis, and not found silent by the heartbeats
     * since. For health.
     */
    public boolean coherent() {
        return this.coherent.get();
    }

    /** How often the subscription was found silent since start. */
    public long coherenceLosses() {
        return this.coherenceLosses.get();
    }

    @Override
    public void destroy() {
        this.destroyed = true;
        dispose(this.heartbeats.get());
        dispose(this.opening.get());
        StatefulRedisPubSubConnection<byte[], byte[]> connection = this.subscription.get();
        if (connection != null) {
            connection.closeAsync();
        }
    }

    private static void dispose(Disposable disposable) {
        if (disposable != null) {
            disposable.dispose();
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
            if (space <= 0) {
                return;
            }
            String body = text.substring(space + 1);
            boolean own = RedisTokenInvalidations.this.senderId.equals(text.substring(0, space));
            if (body.equals(HEARTBEAT) || body.startsWith(HEARTBEAT + " ")) {
                if (own) {
                    heard(body.substring(HEARTBEAT.length()).trim());
                }
                // Another replica's heartbeat is never an invalidation.
                return;
            }
            int colon = body.indexOf(':');
            if (own || colon <= 0) {
                return;
            }
            this.listener.invalidated(body.substring(0, colon), body.substring(colon + 1));
        }

        private void heard(String number) {
            try {
                RedisTokenInvalidations.this.ledger.heard(Long.parseLong(number));
            }
            catch (NumberFormatException ex) {
                // Not one of this replica's numbered heartbeats: nothing is accounted for.
            }
        }

        @Override
        public void subscribed(byte[] channel, long count) {
            RedisTokenInvalidations.this.subscribed = true;
            RedisTokenInvalidations.this.ledger.reset();
            this.listener.subscribed();
            if (RedisTokenInvalidations.this.coherent.compareAndSet(false, true)
                    && RedisTokenInvalidations.this.coherenceLosses.get() > 0) {
                logger.info("Token invalidation channel subscribed again: the near cache is in use again");
            }
        }

    }

}
