package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.internal.cache.UnforgettableEvictions;
import io.cometgate.gateway.internal.support.ClosingInReverse;
import io.cometgate.gateway.internal.support.DelayingTcpProxy;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisMonitor;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request waits for a Redis that does not answer once, not once per Redis call: a new user's first login makes
 * up to twelve Redis calls (the limit, the cache read, the lock, a second cache read, the upstream budget and the
 * shared 429 pause before each of two CometChat calls, the cache write, the invalidation, the lock's release), but
 * when Redis stops answering only the first wave is sent (the limit decision and the cache read, side by side), and
 * its timeout makes every later call skip Redis at once ({@code RedisAvailability}, for {@code retry-interval}).
 * <p>
 * A logout waits at most twice: for the first wave (the limit decision), and for its eviction, which is tried even
 * while Redis is known down and, when it fails, is remembered and retried off the request path.
 * <p>
 * What Redis received is read from its own {@code MONITOR} feed: a proxy in front of a real redis-server passes
 * commands at once and holds every answer back, so every command the replica sends is listed, answered or not.
 */
class RedisStallWaitTests {

    private static final String ROUTE = "/limited/cometchat-token";

    // One quoted argument of a MONITOR line (the command's name is the first).
    private static final Pattern ARGUMENT = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final ClosingInReverse closing = new ClosingInReverse();

    private RedisTestServer redis;

    private DelayingTcpProxy proxy;

    private GatewayReplica replica;

    private RedisMonitor monitor;

    private WebTestClient client;

    @BeforeEach
    void startReplicaBehindAProxyThatCanHoldRedisAnswersBack() {
        this.redis = this.closing.add(RedisTestServer.startDedicated());
        this.proxy = this.closing.add(DelayingTcpProxy.start(this.redis.port()));
        // Bounds of 1 s: far above a loaded machine's scheduling noise, so both calls of the first wave are sent
        // before either times out; a retry interval longer than the test, so that no probe is sent.
        this.replica = this.closing.add(GatewayReplica.start(this.proxy.redisUrl(), Map.of("cometchat.redis.command-timeout", "1s",
                "cometchat.rate-limit.redis-timeout", "1s", "cometchat.redis.retry-interval", "10m")));
        this.monitor = this.closing.add(RedisMonitor.start(this.redis.port()));
        this.client = WebTestClient.bindToServer().baseUrl(this.replica.baseUrl())
            .responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stop() throws Exception {
        this.closing.close();
    }

    @Test
    void newUserWhenRedisStopsAnsweringThenOnlyTheFirstWaveOfCallsIsSentAndTheLoginSucceeds() {
        // Warm: the same route with Redis answering, so that the calls compared below are those of a warm path.
        String warm = TestInfrastructure.uniqueUser("warm");
        login(warm);
        assertThat(callsSinceLastLook(warm)).as("a first login's Redis calls while Redis answers")
            .hasSizeGreaterThan(8)
            .contains("EVAL cometgate:lock:test-app:" + warm, "PTTL cometgate:pause:test-app",
                    "SET cometgate:tok:test-app:" + warm, "PUBLISH test-app:" + warm);

        this.proxy.delayAnswers(Duration.ofMinutes(1));
        String user = TestInfrastructure.uniqueUser("stall");
        login(user);

        assertThat(callsSinceLastLook(user)).as("the calls sent while Redis does not answer")
            .containsExactlyInAnyOrder("GET cometgate:rl:test-app:user:3/3600s,100/86400s:" + user,
                    "GET cometgate:tok:test-app:" + user);
    }

    @Test
    void logoutWhenRedisStopsAnsweringThenTheFirstWaveAndTheEvictionAreSentAndTheLogoutSucceeds() {
        String user = TestInfrastructure.uniqueUser("logout");
        login(user);
        callsSinceLastLook(user);
        this.proxy.delayAnswers(Duration.ofMinutes(1));

        this.client.delete().uri(ROUTE).headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(user))).exchange()
            .expectStatus().isNoContent();

        // The limit decision waits; then the eviction is tried all the same (a logout's eviction must not be
        // skipped on this replica's word alone) and waits; its invalidation is not sent after a failed DEL.
        assertThat(callsSinceLastLook(user)).as("the calls sent while Redis does not answer")
            .containsExactly("EVALSHA cometgate:rl:test-app:user:3/3600s,100/86400s:" + user,
                    "DEL cometgate:tok:test-app:" + user);
        assertThat(((UnforgettableEvictions) this.replica.context().getBean(TokenCache.class)).unfinished())
            .as("evictions remembered for when Redis answers").isEqualTo(1);
    }

    /** The calls of {@code user}'s requests that Redis received since the last look (see {@link #requestCalls}). */
    private List<String> callsSinceLastLook(String user) {
        this.monitor.mark();
        List<String> calls = requestCalls(this.monitor.commands(), user);
        this.monitor.clear();
        return calls;
    }

    private void login(String user) {
        this.client.post().uri(ROUTE).headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(user))).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.uid").isEqualTo(user);
    }

    /**
     * The calls a request of {@code user} made: those naming the user's keys or the user's invalidation, the app's
     * upstream budget or its shared pause (nothing else of this test's replica uses those); the heartbeat and the
     * replica registry are left out. Each as its name and the key it names: {@code GET cometgate:tok:<app>:<uid>},
     * {@code EVALSHA <first key>}, {@code PUBLISH <app>:<uid>} (the message without its sender).
     */
    private static List<String> requestCalls(List<String> commands, String user) {
        return commands.stream()
            .map(RedisStallWaitTests::call)
            .filter((call) -> call.endsWith(":" + user) || call.contains(":upstream:")
                    || call.contains("cometgate:pause:"))
            .toList();
    }

    private static String call(String monitorLine) {
        List<String> args = ARGUMENT.matcher(monitorLine).results().map((m) -> m.group(1)).toList();
        if (args.isEmpty()) {
            // MONITOR's own "OK"
            return "";
        }
        String name = args.get(0);
        if (name.startsWith("EVAL") && args.size() > 3) {
            return name + " " + args.get(3);
        }
        if (name.equals("PUBLISH") && args.size() > 2) {
            String message = args.get(2);
            return name + " " + message.substring(message.indexOf(' ') + 1);
        }
        return name + " " + ((args.size() > 1) ? args.get(1) : "");
    }

}
