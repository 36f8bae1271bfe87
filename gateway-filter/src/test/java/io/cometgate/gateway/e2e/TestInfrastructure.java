package io.cometgate.gateway.e2e;

import java.util.Map;

import no.nav.security.mock.oauth2.MockOAuth2Server;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.gateway.internal.support.RedisTestServer;

/**
 * The real parts the end-to-end tests run against, started once per JVM and shared by every test class so that
 * Spring's test context cache can reuse one gateway: a real OAuth2 issuer signing real JWTs, and the CometChat
 * emulator over real HTTP.
 */
public final class TestInfrastructure {

    public static final String ISSUER_ID = "cometgate";

    public static final String APP_ID = "test-app";

    public static final String REST_API_KEY = "test-rest-api-key-for-the-emulator-only";

    /** The token cache's test key (32 bytes, base64). */
    public static final String CACHE_KEY = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

    private static MockOAuth2Server issuer;

    private static CometChatEmulator emulator;

    private TestInfrastructure() {
    }

    public static synchronized MockOAuth2Server issuer() {
        if (issuer == null) {
            issuer = new MockOAuth2Server();
            issuer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(issuer::shutdown));
        }
        return issuer;
    }

    public static synchronized CometChatEmulator emulator() {
        if (emulator == null) {
            emulator = CometChatEmulator.builder().port(0).appId(APP_ID).apiKey(REST_API_KEY).region("eu").build()
                .start();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        }
        return emulator;
    }

    /** Points the gateway at the issuer and the emulator. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri",
                () -> issuer().issuerUrl(ISSUER_ID).toString());
        registry.add("cometchat.app-id", () -> APP_ID);
        registry.add("cometchat.region", () -> "eu");
        registry.add("cometchat.rest-api-key", () -> REST_API_KEY);
        registry.add("cometchat.base-url", () -> emulator().baseUrl());
        registry.add("spring.data.redis.url", () -> RedisTestServer.shared().url());
        registry.add("cometchat.token-cache.encryption-key", () -> CACHE_KEY);
    }

    /** A subject no other test uses: tokens and limits of earlier tests stay in Redis for the JVM's life. */
    public static String uniqueUser(String name) {
        return name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** Forgets every cached token and limit, for tests that reuse fixed subjects. */
    public static void clearRedis() {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(RedisTestServer.shared().url());
        try (var connection = client.connect()) {
            java.util.List<String> keys = connection.sync().keys("cometgate:*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        }
        finally {
            client.shutdown();
        }
    }

    /** A JWT for {@code subject} with {@code claims}, valid for an hour. */
    public static String jwt(String subject, Map<String, Object> claims) {
        return issuer().issueToken(ISSUER_ID, subject, "cometgate", claims, 3600).serialize();
    }

    /** A JWT for {@code subject} with no other claims. */
    public static String jwt(String subject) {
        return jwt(subject, Map.of());
    }

    /** A JWT that expired ten minutes ago (well past any clock skew). */
    public static String expiredJwt(String subject) {
        return issuer().issueToken(ISSUER_ID, subject, "cometgate", Map.of(), -600).serialize();
    }

}
