package io.cometgate.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo stops cleanly: the embedded Redis stops after the gateway's Lettuce client has closed (no
 * {@code Cannot reconnect} WARN on every shutdown), and Redis's temporary folder is removed.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDevDefaultsShutdownTests {

    @Test
    void closeWhenEmbeddedRedisThenNoReconnectWarningAndNoFolderLeft(CapturedOutput output) throws Exception {
        ConfigurableApplicationContext demo = new SpringApplicationBuilder(DemoGatewayApplication.class)
            .properties("server.port=0", "demo.emulator.port=0", "demo.issuer.port=0", "demo.redis.port=0")
            .run();
        Path folder = Path.of(demo.getEnvironment().getProperty("demo.embedded.redis-folder"));
        assertThat(folder).isDirectory();
        // A token request: the limiter and the cache use the gateway's Lettuce connection to the embedded Redis.
        assertThat(tokenRequestStatus(demo)).isEqualTo(200);

        demo.close();

        assertThat(Files.exists(folder)).isFalse();
        assertThat(output.getAll()).doesNotContain("Cannot reconnect").doesNotContain("Could not stop the embedded");
    }

    private static int tokenRequestStatus(ConfigurableApplicationContext demo) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String issuer = demo.getEnvironment().getProperty("demo.embedded.issuer");
        String issued = http.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&client_id=shutdown&client_secret=dev&scope=openid"))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        String jwt = issued.replaceAll("(?s).*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String gateway = "http://localhost:" + demo.getEnvironment().getProperty("local.server.port");
        return http.send(HttpRequest.newBuilder(URI.create(gateway + "/cometchat-token"))
            .header("Authorization", "Bearer " + jwt).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

}
