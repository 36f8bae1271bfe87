package io.cometgate.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo stops cleanly when its process is asked to (SIGTERM, what Ctrl-C on {@code spring-boot:run} and container
 * stops send): the embedded Redis stops after the gateway's Lettuce client has closed, so no {@code Cannot reconnect}
 * WARN, and Redis's temporary folder is removed. Run as a real child JVM, because the failure came from JVM
 * shutdown hooks racing each other, which closing a context inside a test does not exercise.
 */
class EmbeddedDevDefaultsShutdownTests {

    private static final Pattern GATEWAY = Pattern.compile("demo gateway is up at (http://\\S+)");

    private static final Pattern ISSUER = Pattern.compile("embedded development issuer at (http://\\S+)");

    private static final Pattern REDIS_FOLDER = Pattern.compile("working folder (\\S+), removed");

    @Test
    void sigtermWhenEmbeddedRedisInUseThenNoReconnectWarningAndNoFolderLeft() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createTempFile("cometgate-demo-shutdown", ".log");
        Process demo = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DemoGatewayApplication.class.getName(), "--server.port=0", "--demo.emulator.port=0",
                "--demo.issuer.port=0", "--demo.redis.port=0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        try {
            String gateway = awaitMatch(log, GATEWAY, demo);
            String issuer = awaitMatch(log, ISSUER, demo);
            Path folder = Path.of(awaitMatch(log, REDIS_FOLDER, demo));
            assertThat(folder).isDirectory();
            // The limiter and the cache use the gateway's Lettuce connection to the embedded Redis.
            assertThat(tokenRequestStatus(gateway, issuer)).isEqualTo(200);

            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();

            String all = Files.readString(log);
            assertThat(all).contains("CometChat emulator stopped").doesNotContain("Cannot reconnect");
            assertThat(Files.exists(folder)).isFalse();
        }
        finally {
            demo.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static String awaitMatch(Path log, Pattern pattern, Process demo) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log);
            Matcher matcher = pattern.matcher(output);
            if (matcher.find()) {
                return matcher.group(1);
            }
            assertThat(demo.isAlive()).as("the demo exited early:\n%s", output).isTrue();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("The demo never logged " + pattern + ":\n" + Files.readString(log));
    }

    private static int tokenRequestStatus(String gateway, String issuer) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String issued = http.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&client_id=shutdown&client_secret=dev&scope=openid"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher jwt = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(issued);
        assertThat(jwt.find()).isTrue();
        return http.send(HttpRequest.newBuilder(URI.create(gateway + "/cometchat-token"))
            .header("Authorization", "Bearer " + jwt.group(1)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

}
