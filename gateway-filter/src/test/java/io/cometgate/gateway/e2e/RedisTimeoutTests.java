package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.emulator.Operation;
import io.cometgate.gateway.internal.ratelimit.RateLimitStore;
import io.cometgate.gateway.internal.support.DelayingTcpProxy;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis bounds measure Redis, not the gateway's own queue. A saturated gateway (CPU work after every limit
 * decision, far more concurrent requests than threads) with a healthy Redis decides everything in Redis: no local
 * decision, no fail-closed 503, no re-mint, limits exact. A Redis that answers late (a delaying proxy in front of a
 * real redis-server) is given up on at the command timeout and the decision falls back.
 */
class RedisTimeoutTests {

    private static final int USERS = 100;

    @Test
    void saturatedGatewayWhenRedisIsHealthyThenEveryDecisionInRedisAndNoReMint() {
        try (RedisTestServer redis = RedisTestServer.startDedicated();
                CometChatEmulator emulator = emulator();
                // Redis bounds of 1 s: a loaded test machine must not look like a slow Redis, while the queue of
                // CPU work (400 x 40 ms) is far longer, so a bound that counted it would fail.
                GatewayReplica replica = GatewayReplica.start(redis.url(), Map.of("cometchat.base-url",
                        emulator.baseUrl(), "test.saturate.spin-after-limit-decision", "40ms",
                        "cometchat.redis.command-timeout", "1s", "cometchat.rate-limit.redis-timeout", "1s"))) {
            List<String> users = IntStream.range(0, USERS).mapToObj((i) -> TestInfrastructure.uniqueUser("sat")).toList();
            Map<String, String> jwts = new ConcurrentHashMap<>();
            users.forEach((user) -> jwts.put(user, TestInfrastructure.jwt(user)));
            WebClient client = concurrentClient(replica);
            // Warm: one login each (a mint), one at a time.
            for (String user : users) {
                assertThat(status(client, "/closed/cometchat-token", jwts.get(user))).isEqualTo(200);
            }
            long mintsBefore = emulator.calls(Operation.CREATE_AUTH_TOKEN) + emulator.calls(Operation.CREATE_USER);

            // 4 more requests per user, all at once: 400 in flight on a few threads, 40 ms of CPU after each
            // decision. The fail-closed route answers 503 for any decision Redis did not take.
            Map<String, AtomicInteger> allowed = new ConcurrentHashMap<>();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            Flux.fromIterable(users)
                .flatMapIterable((user) -> List.of(user, user, user, user))
                .flatMap((user) -> client.post().uri("/closed/cometchat-token")
                    .headers((h) -> h.setBearerAuth(jwts.get(user)))
                    .exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
                    .doOnNext((status) -> {
                        statuses.computeIfAbsent(status, (s) -> new AtomicInteger()).incrementAndGet();
                        if (status == 200) {
                            allowed.computeIfAbsent(user, (u) -> new AtomicInteger()).incrementAndGet();
                        }
                    }), USERS * 4)
                .blockLast(Duration.ofMinutes(2));

            assertThat(statuses.keySet()).as("statuses %s", statuses).containsOnly(200, 429);
            assertThat(users).allSatisfy((user) -> assertThat(allowed.get(user)).as("allowed of " + user)
                .hasValue(2));
            assertThat(fallbacks(replica)).as("decisions without Redis").isZero();
            assertThat(emulator.calls(Operation.CREATE_AUTH_TOKEN) + emulator.calls(Operation.CREATE_USER))
                .as("re-mints of cached users").isEqualTo(mintsBefore);
        }
    }

    @Test
    void slowRedisWhenAnswersOutlastTheCommandTimeoutThenDecisionsFallBackWithoutWaitingForRedis() {
        try (RedisTestServer redis = RedisTestServer.startDedicated();
                DelayingTcpProxy proxy = DelayingTcpProxy.start(redis.port());
                GatewayReplica replica = GatewayReplica.start(proxy.redisUrl(),
                        Map.of("cometchat.redis.retry-interval", "300ms", "cometchat.redis.command-timeout", "250ms"))) {
            // Far below the answers' delay: a request that waited for Redis's answer would fail this client.
            WebTestClient client = WebTestClient.bindToServer().baseUrl(replica.baseUrl())
                .responseTimeout(Duration.ofSeconds(10)).build();
            post(client, "/closed/cometchat-token", TestInfrastructure.uniqueUser("slow")).expectStatus().isOk();
            assertThat(fallbacks(replica)).isZero();

            proxy.delayAnswers(Duration.ofSeconds(30));

            post(client, "/limited/cometchat-token", TestInfrastructure.uniqueUser("slow")).expectStatus().isOk();
            post(client, "/closed/cometchat-token", TestInfrastructure.uniqueUser("slow"))
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectBody().jsonPath("$.error.code").isEqualTo("RATE_LIMITER_UNAVAILABLE");
            assertThat(fallbacks(replica)).as("the limit and the upstream budget decided locally").isGreaterThanOrEqualTo(2);
        }
    }

    private static CometChatEmulator emulator() {
        return CometChatEmulator.builder().port(0).appId(TestInfrastructure.APP_ID)
            .apiKey(TestInfrastructure.REST_API_KEY).region("eu").build().start();
    }

    private static WebClient concurrentClient(GatewayReplica replica) {
        ConnectionProvider connections = ConnectionProvider.builder("saturate").maxConnections(USERS * 4)
            .pendingAcquireMaxCount(-1).build();
        return WebClient.builder().baseUrl(replica.baseUrl())
            .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)
                .responseTimeout(Duration.ofSeconds(60))))
            .build();
    }

    private static int status(WebClient client, String path, String jwt) {
        return client.post().uri(path).headers((h) -> h.setBearerAuth(jwt))
            .exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
            .block(Duration.ofSeconds(30));
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client, String path, String user) {
        return client.post().uri(path).headers((h) -> h.setBearerAuth(TestInfrastructure.jwt(user))).exchange();
    }

    static double fallbacks(GatewayReplica replica) {
        return replica.context().getBean(MeterRegistry.class).find("cometgate.ratelimit.redis.fallback").counters()
            .stream().mapToDouble((counter) -> counter.count()).sum();
    }

    /** CPU work after every limit decision, on the thread that delivers it: a busy gateway, made deterministic. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty("test.saturate.spin-after-limit-decision")
    static class Saturation {

        @Bean
        static BeanPostProcessor spinAfterLimitDecisions(Environment environment) {
            Duration spin = environment.getRequiredProperty("test.saturate.spin-after-limit-decision", Duration.class);
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof RateLimitStore store) {
                        return (RateLimitStore) (key, policy, onRedisFailure) -> store
                            .tryConsume(key, policy, onRedisFailure)
                            .doOnNext((probe) -> busy(spin));
                    }
                    return bean;
                }
            };
        }

        private static void busy(Duration duration) {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }

    }

}
