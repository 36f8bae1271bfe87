package io.cometgate.gateway.internal.cache;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cometgate.gateway.internal.support.ClosingInReverse;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.internal.redis.LettuceConnector;
import io.cometgate.gateway.internal.redis.RedisTarget;
import io.cometgate.gateway.internal.support.LogCapture;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A Redis that answers but refuses the invalidation channel (an ACL user whose channels exclude it) must not fail
 * silently: the refused SUBSCRIBE and the refused PUBLISH are each logged at WARN. A real redis-server with a real
 * ACL user: every key and command allowed, channels reset to {@code other:*} only.
 */
class RedisTokenInvalidationsRefusedTests {

    private static final CometChatApp APP = new CometChatApp("app1", "eu", "key", URI.create("http://localhost"));

    private static final String CHANNEL = "cometgate:invalidate";

    private static final String USER = "no-invalidations";

    private static final String PASSWORD = "acl-test-password";

    private static RedisTestServer server;

    private final ClosingInReverse closing = new ClosingInReverse();

    @BeforeAll
    static void startRedisWithARestrictedUser() {
        server = RedisTestServer.startDedicated();
        RedisClient admin = RedisClient.create(server.url());
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            connection.sync().aclSetuser(USER, AclSetuserArgs.Builder.on().addPassword(PASSWORD).allKeys()
                .allCommands().resetChannels().channelPattern("other:*"));
        }
        finally {
            admin.shutdown();
        }
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @AfterEach
    void close() throws Exception {
        this.closing.close();
    }

    @Test
    void refusedSubscribeIsLoggedAtWarn() {
        try (LogCapture logs = LogCapture.of(Level.DEBUG, RedisTokenInvalidations.class.getName())) {
            RedisTokenInvalidations invalidations = invalidations();
            invalidations.listen(new NoListener());

            await().atMost(Duration.ofSeconds(20)).until(() -> warnings(logs).stream()
                .anyMatch((message) -> message.startsWith("Token invalidation channel not subscribed")));
            assertThat(invalidations.subscribed()).isFalse();
            assertThat(invalidations.coherent()).isFalse();
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void refusedPublishIsLoggedAtWarn() {
        try (LogCapture logs = LogCapture.of(Level.DEBUG, RedisTokenInvalidations.class.getName())) {
            RedisTokenInvalidations invalidations = invalidations();

            assertThatThrownBy(() -> invalidations.publish(APP, "user-1").block(Duration.ofSeconds(10)))
                .as("Redis refuses the PUBLISH").isNotNull();

            assertThat(warnings(logs)).anyMatch((message) -> message.startsWith("Token invalidation refused by Redis"));
            assertThat(logs.text()).doesNotContain(PASSWORD);
        }
    }

    /** The control: the same user on a channel it is allowed subscribes and publishes, with no WARN. */
    @Test
    void allowedChannelSubscribesAndPublishesWithoutWarning() {
        try (LogCapture logs = LogCapture.of(Level.DEBUG, RedisTokenInvalidations.class.getName())) {
            RedisTokenInvalidations invalidations = invalidations("other:invalidate");
            invalidations.listen(new NoListener());

            await().atMost(Duration.ofSeconds(20)).until(invalidations::subscribed);
            invalidations.publish(APP, "user-1").block(Duration.ofSeconds(10));
            assertThat(warnings(logs)).isEmpty();
        }
    }

    private static List<String> warnings(LogCapture logs) {
        return logs.events().stream().filter((event) -> event.getLevel() == Level.WARN)
            .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private RedisTokenInvalidations invalidations() {
        return invalidations(CHANNEL);
    }

    private RedisTokenInvalidations invalidations(String channel) {
        RedisURI uri = RedisURI.create(server.url());
        uri.setUsername(USER);
        uri.setPassword(PASSWORD.toCharArray());
        uri.setTimeout(Duration.ofSeconds(2));
        return InvalidationsOnTheirOwnConnector.open(new LettuceConnector(
                RedisTarget.standalone(uri, null, Duration.ofSeconds(2)), Duration.ofSeconds(2)), channel, this.closing);
    }

    private static final class NoListener implements TokenInvalidations.Listener {

        @Override
        public void invalidated(String appId, String uid) {
        }

        @Override
        public void subscribed() {
        }

    }

}
