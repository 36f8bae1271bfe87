package io.cometgate.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import redis.embedded.RedisServer;

import io.cometgate.emulator.CometChatEmulator;

/**
 * What a demo process talks to, run by the test itself so that the test can see into it and outlive the demo: the
 * CometChat emulator (counts calls, slows down on demand), a real OAuth2 issuer and a real redis-server.
 */
final class DemoDependencies implements AutoCloseable {

    static final String ENCRYPTION_KEY = "Y29tZXRnYXRlLXRlc3Qta2V5LW5vdC1mb3ItcHJvZCE=";

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    final CometChatEmulator emulator;

    final MockOAuth2Server issuer;

    final RedisServer redis;

    final int redisPort;

    private final RedisClient redisClient;

    private final StatefulRedisConnection<String, String> redisConnection;

    DemoDependencies() {
        this.emulator = CometChatEmulator.builder().port(0).build().start();
        this.issuer = new MockOAuth2Server();
        this.issuer.start();
        try {
            this.redisPort = freePort();
            this.redis = RedisServer.newRedisServer().port(this.redisPort).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no")
                .setting("dir " + Files.createTempDirectory("cometgate-demo-test-redis"))
                .build();
            this.redis.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.redisClient = RedisClient.create("redis://127.0.0.1:" + this.redisPort);
        this.redisConnection = this.redisClient.connect();
    }

    /** The demo's arguments pointing it at these services (nothing embedded is started). */
    List<String> demoArguments() {
        return List.of("--cometchat.app-id=" + this.emulator.appId(), "--cometchat.region=" + this.emulator.region(),
                "--cometchat.rest-api-key=" + this.emulator.apiKey(), "--cometchat.base-url=" + this.emulator.baseUrl(),
                "--ISSUER_URI=" + this.issuer.issuerUrl(EmbeddedDevDefaults.ISSUER_ID),
                "--spring.data.redis.url=redis://127.0.0.1:" + this.redisPort,
                "--cometchat.token-cache.encryption-key=" + ENCRYPTION_KEY);
    }

    /** A JWT of the issuer whose subject is {@code user}, asked for over HTTP as a client would. */
    String jwtFor(String user) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.issuer.tokenEndpointUrl(EmbeddedDevDefaults.ISSUER_ID).toString()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials&client_id=" + user + "&client_secret=dev&scope=openid"))
            .build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = ACCESS_TOKEN.matcher(body);
        if (!token.find()) {
            throw new IllegalStateException("No access token in the issuer's answer: " + body);
        }
        return token.group(1);
    }

    /** Creates {@code uid} at the emulator, as CometChat's REST API does it. */
    void createUser(String uid) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(this.emulator.baseUrl() + "/users"))
            .header("apikey", this.emulator.apiKey())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"" + uid + "\",\"name\":\"" + uid + "\"}"))
            .build();
        int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        if (status != 200) {
            throw new IllegalStateException("The emulator answered " + status + " to creating " + uid);
        }
    }

    /** The Redis keys matching {@code pattern}, read by this test's own client. */
    List<String> redisKeys(String pattern) {
        return this.redisConnection.sync().keys(pattern);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        this.redisConnection.close();
        this.redisClient.shutdown();
        this.redis.stop();
        this.issuer.shutdown();
        this.emulator.close();
    }

}
