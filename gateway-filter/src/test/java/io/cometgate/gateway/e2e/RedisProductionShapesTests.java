package io.cometgate.gateway.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.reactive.function.client.WebClient;

import io.cometgate.gateway.internal.redis.RedisStartupCheck;
import io.cometgate.gateway.internal.redis.SharedRedisConnection;
import io.cometgate.gateway.internal.support.DebianRedis;
import io.cometgate.gateway.internal.support.GatewayReplica;
import io.cometgate.gateway.internal.support.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis as platform teams run it, configured only through Spring Boot's own properties, against real redis-server
 * processes of Debian's build (TLS and Sentinel, which the embedded binary lacks): Sentinel with a failover, TLS with
 * a private CA through an SSL bundle, an ACL user limited to CometGate's key prefix and channel pattern, the client
 * name, and misconfigurations (untrusted certificate, wrong password, an ACL user without CometGate's keys) that fail
 * loudly: an ERROR naming the cause, never the secret, and Redis's health DOWN whatever the failure policy.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisProductionShapesTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A first mint on a loaded machine must not time out (application.yml's 1 s): these tests count 200s. */
    private static final Map<String, Object> PATIENT_WITH_COMETCHAT = Map.of("cometchat.response-timeout", "10s",
            "cometchat.connect-timeout", "5s");

    private static final String USER_PASSWORD = "cg-user-pw-4f1c";

    private static final String WRONG_PASSWORD = "cg-wrong-pw-9d2e";

    @BeforeAll
    static void debianRedisServer() {
        Assumptions.assumeTrue(DebianRedis.available(), "Debian's redis-server is not installed "
                + "(apt-get install redis-server; .ci/run does): it has TLS and Sentinel, the embedded binary has not");
    }

    @Test
    void sentinelFailoverKeepsTheLimitExactOnThePromotedMaster() {
        int masterPort = RedisTestServer.freePort();
        int replicaPort = RedisTestServer.freePort();
        List<DebianRedis> processes = new ArrayList<>();
        try {
            DebianRedis master = DebianRedis.start(List.of(), masterPort);
            processes.add(master);
            DebianRedis replica = DebianRedis.start(List.of("replicaof 127.0.0.1 " + masterPort), replicaPort);
            processes.add(replica);
            List<Integer> sentinelPorts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int port = RedisTestServer.freePort();
                sentinelPorts.add(port);
                processes.add(DebianRedis.start(List.of("sentinel monitor cg-master 127.0.0.1 " + masterPort + " 2",
                        "sentinel down-after-milliseconds cg-master 1000",
                        "sentinel failover-timeout cg-master 10000"), port, "--sentinel"));
            }
            // Every sentinel knows the replica and the two other sentinels: a failover can then be agreed on.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> sentinelPorts.stream()
                .allMatch((port) -> DebianRedis.run(RedisURI.create("127.0.0.1", port), (s) -> s.info("sentinel"))
                    .contains("slaves=1,sentinels=3")));
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("spring.data.redis.sentinel.master", "cg-master");
            properties.put("spring.data.redis.sentinel.nodes",
                    String.join(",", sentinelPorts.stream().map((port) -> "127.0.0.1:" + port).toList()));
            properties.put("spring.data.redis.client-name", "cometgate-sentinel-test");
            properties.put("cometchat.rate-limit.per-user", "3/1m");
            properties.putAll(PATIENT_WITH_COMETCHAT);
            try (GatewayReplica gateway = GatewayReplica.start("redis://unused:1", properties)) {
                awaitStartupCheckPassed(gateway);
                String uid = TestInfrastructure.uniqueUser("failover");
                String jwt = TestInfrastructure.jwt(uid);
                List<Integer> statuses = new ArrayList<>();
                statuses.add(post(gateway, jwt));
                statuses.add(post(gateway, jwt));
                RedisURI masterUri = RedisURI.create("127.0.0.1", masterPort);
                assertThat(keys(masterUri, "cometgate:rl:*")).anyMatch((k) -> k.contains(uid));
                assertThat(clientList(masterUri)).contains("name=cometgate-sentinel-test");
                // The replica has every write so far: what the failover may lose is Redis's business, not this test's.
                Long acknowledged = DebianRedis.run(masterUri, (r) -> r.waitForReplication(1, 5000));
                assertThat(acknowledged).isEqualTo(1L);

                long killed = System.nanoTime();
                master.kill();
                SharedRedisConnection redis = gateway.context().getBean(SharedRedisConnection.class);
                await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> "PONG".equals(redis.call((c) -> c.ping()).block(Duration.ofSeconds(5))));
                long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                System.out.println("Sentinel failover (down-after-milliseconds 1000): the gateway's Redis commands "
                        + "answered again " + recoveredMillis + " ms after the master was killed");
                String sentinelInfo = DebianRedis.run(RedisURI.create("127.0.0.1", sentinelPorts.get(0)),
                        (s) -> s.info("sentinel"));
                assertThat(sentinelInfo).contains("address=127.0.0.1:" + replicaPort);

                long callsBefore = TestInfrastructure.emulator().totalCalls();
                statuses.add(post(gateway, jwt));
                statuses.add(post(gateway, jwt));
                assertThat(statuses).containsExactly(200, 200, 200, 429);
                // The token came from the cache that moved with the master: no mint after the failover.
                assertThat(TestInfrastructure.emulator().totalCalls()).isEqualTo(callsBefore);
                RedisURI promoted = RedisURI.create("127.0.0.1", replicaPort);
                assertThat(keys(promoted, "cometgate:rl:*")).anyMatch((k) -> k.contains(uid));
                assertThat(keys(promoted, "cometgate:tok:*")).isNotEmpty();
                assertThat(clientList(promoted)).contains("name=cometgate-sentinel-test");
                // The invalidation channel is subscribed again, on the promoted master.
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> DebianRedis
                    .run(promoted, (r) -> r.pubsubChannels("cometgate:*")).contains("cometgate:tok:invalidate"));
            }
        }
        finally {
            processes.forEach(DebianRedis::close);
        }
    }

    @Test
    void tlsWithAPrivateCaAclUserAndClientNameThenMisconfigurationsFailLoudly(@TempDir Path certificates,
            CapturedOutput output) throws Exception {
        Path ca = PrivateCa.create(certificates);
        int port = RedisTestServer.freePort();
        try (DebianRedis redis = DebianRedis.start(List.of("port 0", "tls-port " + port,
                "tls-cert-file " + certificates.resolve("server.pem"), "tls-key-file " + certificates.resolve("server.key"),
                "tls-ca-cert-file " + ca, "tls-auth-clients no",
                "user default off",
                "user admin on >admin-pw ~* &* +@all",
                // What the README tells platform teams to give CometGate: its key prefix and channel pattern only.
                "user cometgate on >" + USER_PASSWORD + " ~cometgate:* &cometgate:* +@all",
                "user elsewhere on >" + USER_PASSWORD + " ~other:* &other:* +@all"), port)) {
            Map<String, Object> trusted = new LinkedHashMap<>();
            // Host and port, not a URL: Spring Boot takes the credentials from a URL when there is one.
            trusted.put("spring.data.redis.host", "127.0.0.1");
            trusted.put("spring.data.redis.port", port);
            trusted.put("spring.ssl.bundle.pem.private-ca.truststore.certificate", "file:" + ca);
            trusted.put("spring.data.redis.ssl.bundle", "private-ca");
            trusted.put("spring.data.redis.username", "cometgate");
            trusted.put("spring.data.redis.password", USER_PASSWORD);
            trusted.put("spring.data.redis.client-name", "cometgate-tls-test");
            trusted.put("cometchat.rate-limit.per-user", "3/1m");
            trusted.putAll(PATIENT_WITH_COMETCHAT);
            String url = null;
            try (GatewayReplica gateway = GatewayReplica.start(url, trusted)) {
                awaitStartupCheckPassed(gateway);
                String uid = TestInfrastructure.uniqueUser("tls");
                String jwt = TestInfrastructure.jwt(uid);
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    statuses.add(post(gateway, jwt));
                }
                assertThat(statuses).containsExactly(200, 200, 200, 429);
                List<String> keys = admin(port, ca, (r) -> r.keys("cometgate:rl:*"));
                assertThat(keys).anyMatch((k) -> k.contains(uid));
                String clients = admin(port, ca, RedisCommands::clientList);
                assertThat(clients).contains("name=cometgate-tls-test").contains("user=cometgate");
                assertThat(redisHealth(gateway).getStatus()).isEqualTo(Status.UP);
            }

            Map<String, Object> untrusted = new LinkedHashMap<>(trusted);
            untrusted.remove("spring.data.redis.ssl.bundle");
            untrusted.put("spring.data.redis.ssl.enabled", "true");
            assertFailsLoudly(url, untrusted, "TLS handshake failed", output);

            Map<String, Object> wrongPassword = new LinkedHashMap<>(trusted);
            wrongPassword.put("spring.data.redis.password", WRONG_PASSWORD);
            assertFailsLoudly(url, wrongPassword, "WRONGPASS", output);

            Map<String, Object> otherKeys = new LinkedHashMap<>(trusted);
            otherKeys.put("spring.data.redis.username", "elsewhere");
            assertFailsLoudly(url, otherKeys, "NOPERM", output);

            assertThat(output.getAll()).doesNotContain(USER_PASSWORD).doesNotContain(WRONG_PASSWORD);
        }
    }

    private static void assertFailsLoudly(String url, Map<String, Object> properties, String cause,
            CapturedOutput output) {
        try (GatewayReplica gateway = GatewayReplica.start(url, properties)) {
            RedisStartupCheck check = gateway.context().getBean(RedisStartupCheck.class);
            await().atMost(WAIT).untilAsserted(() -> assertThat(check.problem()).contains(cause));
            // Fail-open is the policy, yet not ready: this Redis never worked, so this is a misconfiguration.
            Health health = redisHealth(gateway);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(health.getDetails().get("error"))).contains(cause);
            assertThat(output.getAll()).containsPattern("ERROR .*CometGate cannot use the configured Redis .*" + cause);
            assertThat(check.passed()).isFalse();
        }
    }

    private static List<String> keys(RedisURI uri, String pattern) {
        return DebianRedis.run(uri, (r) -> r.keys(pattern));
    }

    private static String clientList(RedisURI uri) {
        return DebianRedis.run(uri, (r) -> r.clientList());
    }

    private static void awaitStartupCheckPassed(GatewayReplica gateway) {
        RedisStartupCheck check = gateway.context().getBean(RedisStartupCheck.class);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
            .untilAsserted(() -> assertThat(check.passed()).as(String.valueOf(check.problem())).isTrue());
    }

    private static Health redisHealth(GatewayReplica gateway) {
        CompositeReactiveHealthContributor cometgate = gateway.context().getBean("cometgate",
                CompositeReactiveHealthContributor.class);
        return ((ReactiveHealthIndicator) cometgate.getContributor("redis")).health().block(Duration.ofSeconds(10));
    }

    private static int post(GatewayReplica gateway, String jwt) {
        return WebClient.create(gateway.baseUrl()).post().uri("/cometchat-token")
            .headers((h) -> h.setBearerAuth(jwt))
            .exchangeToMono((r) -> r.releaseBody().thenReturn(r.statusCode().value()))
            .block(Duration.ofSeconds(30));
    }

    private static <T> T admin(int port, Path ca, java.util.function.Function<RedisCommands<String, String>, T> command) {
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(port).withSsl(true)
            .withAuthentication("admin", "admin-pw").build();
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().trustManager(ca.toFile()).build()).build());
        try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
            return command.apply(connection.sync());
        }
        finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** A certificate authority of the test's own, and a server certificate it signed for 127.0.0.1 (openssl). */
    static final class PrivateCa {

        static Path create(Path folder) throws IOException, InterruptedException {
            openssl(folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                    "-days", "2", "-subj", "/CN=CometGate Test CA");
            openssl(folder, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                    "-subj", "/CN=127.0.0.1");
            Files.writeString(folder.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            openssl(folder, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.cnf");
            return folder.resolve("ca.pem");
        }

        private static void openssl(Path folder, String... arguments) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("openssl"));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor()).as(out).isZero();
        }

    }

}
