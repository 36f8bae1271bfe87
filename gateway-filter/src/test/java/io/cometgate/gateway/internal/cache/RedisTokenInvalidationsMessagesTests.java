package io.cometgate.gateway.internal.cache;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cometgate.gateway.internal.support.ClosingInReverse;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a replica makes of the messages on the channel, as other replicas send them, this version's and the previous
 * one's (whose heartbeats carry no number): invalidations are heard, heartbeats never are, and nothing malformed
 * is.
 */
class RedisTokenInvalidationsMessagesTests {

    private final String channel = "messages-" + UUID.randomUUID() + ":invalidate";

    private final ClosingInReverse closing = new ClosingInReverse();

    @AfterEach
    void close() throws Exception {
        this.closing.close();
    }

    @Test
    void otherReplicasHeartbeatsNumberedOrNotAreNoInvalidationAndTheirInvalidationsAreHeard() {
        RedisTokenInvalidations invalidations = invalidations();
        Heard heard = new Heard();
        invalidations.listen(heard);
        await().atMost(Duration.ofSeconds(20)).until(invalidations::subscribed);

        publish("previous-version-replica !heartbeat", "this-version-replica !heartbeat 7",
                "this-version-replica !heartbeat", "this-version-replica !heartbeat x", "no-space-at-all",
                "replica-without-colon app1", "replica-empty-app :alice", "previous-version-replica app1:alice",
                "this-version-replica app2:bob");

        // A subscription delivers in publishing order: once bob is heard, every message before him was read.
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.invalidations.contains("app2:bob"));
        assertThat(heard.invalidations).containsExactly("app1:alice", "app2:bob");
        assertThat(invalidations.coherenceLosses()).isZero();
    }

    private void publish(String... messages) {
        RedisClient client = RedisClient.create(RedisTestServer.shared().url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            for (String message : messages) {
                connection.sync().publish(this.channel, message);
            }
        }
        finally {
            client.shutdown();
        }
    }

    private RedisTokenInvalidations invalidations() {
        return InvalidationsOnTheirOwnConnector.open(RedisTestServer.shared().connector(), this.channel, this.closing);
    }

    private static final class Heard implements TokenInvalidations.Listener {

        final List<String> invalidations = new CopyOnWriteArrayList<>();

        @Override
        public void invalidated(String appId, String uid) {
            this.invalidations.add(appId + ":" + uid);
        }

        @Override
        public void subscribed() {
        }

    }

}
