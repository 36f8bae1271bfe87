package io.cometgate.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.StringUtils;

import io.cometgate.emulator.CometChatEmulator;

/**
 * Starts the embedded development defaults before the gateway's configuration is read, for whatever is not
 * configured:
 * <ul>
 * <li>no {@code cometchat.*} app at all: the CometChat emulator, on {@code demo.emulator.port} (8089);</li>
 * <li>no issuer ({@code ISSUER_URI} or {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}): a local OAuth2
 * issuer, on {@code demo.issuer.port} (8081), that signs real JWTs for any client id;</li>
 * <li>no Redis ({@code spring.data.redis.url}, {@code .host}, {@code .cluster.nodes} or {@code .sentinel.*}): a real
 * redis-server process (shipped by the embedded-redis artifact), on {@code demo.redis.port} (6380);</li>
 * <li>no token cache key: a random one, fine for one process (replicas must share a configured key).</li>
 * </ul>
 * A partly configured app (say, a key but no app id) gets no defaults, so that start-up fails naming what is missing
 * instead of quietly talking to the emulator.
 * <p>
 * They stop after every bean of the application is destroyed (in particular the gateway's Lettuce client, which would
 * otherwise log {@code Cannot reconnect} to a Redis that stopped first), and Redis's working folder is removed.
 * The issuer offers its login form for the authorization code flow (the demo page at {@code /} signs in with it).
 */
public class EmbeddedDevDefaults implements SmartApplicationListener, Ordered {

    static final String ISSUER_ID = "demo";

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedDevDefaults.class);

    private static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

    private CometChatEmulator emulator;

    /**
     * The embedded issuer: interactive login (the authorization endpoint shows a form where any user name becomes the
     * JWT's sub); for client credentials the client id becomes the sub, and client {@code cometgate-ops} also gets
     * the operators' scope that the actuator's metrics require (as client {@code prometheus} does in
     * docker-compose.yml), so that the demo's metrics can be read without an identity provider.
     */
    private static final String ISSUER_CONFIG = """
            {"interactiveLogin": true, "tokenCallbacks": [{"issuerId": "demo", "tokenExpiry": 3600, "requestMappings": [
            {"requestParam": "client_id", "match": "cometgate-ops",
             "claims": {"sub": "cometgate-ops", "scope": "openid cometgate-ops"}},
            {"requestParam": "grant_type", "match": "client_credentials", "claims": {"sub": "${clientId}"}}]}]}""";

    private MockOAuth2Server issuer;

    private EmbeddedRedisProcess redis;

    private Path redisFolder;

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
                || ApplicationPreparedEvent.class.isAssignableFrom(eventType)
                || ApplicationFailedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            start(prepared.getEnvironment());
        }
        else if (event instanceof ApplicationPreparedEvent prepared) {
            // Registered before any bean exists, so destroyed after all of them: singletons are destroyed in the
            // reverse order of their registration.
            ((DefaultSingletonBeanRegistry) prepared.getApplicationContext().getBeanFactory())
                .registerDisposableBean("cometgateEmbeddedDevDefaults", this::stop);
        }
        else if (event instanceof ApplicationFailedEvent) {
            stop();
        }
    }

    private void start(ConfigurableEnvironment environment) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        if (noneSet(environment, "cometchat.app-id", "cometchat.region", "cometchat.rest-api-key",
                "cometchat.base-url")) {
            this.emulator = CometChatEmulator.builder()
                .port(environment.getProperty("demo.emulator.port", Integer.class, 8089))
                .build()
                .start();
            defaults.put("cometchat.app-id", this.emulator.appId());
            defaults.put("cometchat.region", this.emulator.region());
            defaults.put("cometchat.rest-api-key", this.emulator.apiKey());
            defaults.put("cometchat.base-url", this.emulator.baseUrl());
            defaults.put("demo.embedded.emulator", this.emulator.baseUrl());
            logger.info("No CometChat app configured: using the embedded CometChat emulator at {}",
                    this.emulator.baseUrl());
        }
        String issuerUri = environment.getProperty(ISSUER_URI, environment.getProperty("ISSUER_URI", ""));
        if (StringUtils.hasText(issuerUri)) {
            defaults.put(ISSUER_URI, issuerUri);
        }
        else {
            this.issuer = new MockOAuth2Server(OAuth2Config.Companion.fromJson(ISSUER_CONFIG));
            this.issuer.start(environment.getProperty("demo.issuer.port", Integer.class, 8081));
            String uri = this.issuer.issuerUrl(ISSUER_ID).toString();
            defaults.put(ISSUER_URI, uri);
            defaults.put("demo.embedded.issuer", uri);
            logger.info("No issuer configured: using the embedded development issuer at {}", uri);
        }
        if (!redisConfigured(environment)) {
            int port = environment.getProperty("demo.redis.port", Integer.class, 6380);
            if (port == 0) {
                port = freePort();
            }
            this.redisFolder = createRedisFolder();
            this.redis = startRedis(port, this.redisFolder);
            defaults.put("spring.data.redis.url", "redis://127.0.0.1:" + port);
            defaults.put("demo.embedded.redis-folder", this.redisFolder.toString());
            logger.info("No Redis configured: using an embedded redis-server on port {} (working folder {}, removed "
                    + "at shutdown)", port, this.redisFolder);
        }
        if (noneSet(environment, "cometchat.token-cache.encryption-key")) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            defaults.put("cometchat.token-cache.encryption-key", Base64.getEncoder().encodeToString(key));
            logger.warn("No cometchat.token-cache.encryption-key set: using a random key for this process only. Replicas "
                    + "must share one: set COMETCHAT_TOKEN_CACHE_ENCRYPTION_KEY (openssl rand -base64 32).");
        }
        // Added last: anything the user did configure wins.
        environment.getPropertySources().addLast(new MapPropertySource("cometgateDevDefaults", defaults));
    }

    private static Path createRedisFolder() {
        try {
            return Files.createTempDirectory("cometgate-demo-redis");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not create a working folder for the embedded Redis", ex);
        }
    }

    private static EmbeddedRedisProcess startRedis(int port, Path folder) {
        try {
            return EmbeddedRedisProcess.start(port, folder);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start the embedded Redis on port " + port + " (" + ex.getMessage()
                    + "): set demo.redis.port to a free port, or spring.data.redis.url to a running Redis", ex);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Whether a Redis is configured, in any of the shapes Spring Boot (and so CometGate) reads: a URL, a host, a
     * cluster's nodes, or a Sentinel-managed master. Any of them means a real Redis: no embedded one is started.
     */
    static boolean redisConfigured(Environment environment) {
        return !noneSet(environment, "spring.data.redis.url", "spring.data.redis.host",
                "spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.master",
                "spring.data.redis.sentinel.nodes");
    }

    private static boolean noneSet(Environment environment, String... names) {
        for (String name : names) {
            if (StringUtils.hasText(environment.getProperty(name))) {
                return false;
            }
        }
        return true;
    }

    private void stop() {
        if (this.emulator != null) {
            this.emulator.close();
            this.emulator = null;
        }
        if (this.issuer != null) {
            this.issuer.shutdown();
            this.issuer = null;
        }
        if (this.redis != null) {
            try {
                this.redis.stop();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                logger.warn("Interrupted while stopping the embedded Redis");
            }
            this.redis = null;
        }
        if (this.redisFolder != null) {
            try {
                FileSystemUtils.deleteRecursively(this.redisFolder);
            }
            catch (IOException ex) {
                logger.warn("Could not remove the embedded Redis's folder {}: {}", this.redisFolder, ex.getMessage());
            }
            this.redisFolder = null;
        }
    }

    @Override
    public int getOrder() {
        // After Boot's own listener has loaded application.yml, so that what is configured there is seen.
        return Ordered.LOWEST_PRECEDENCE;
    }

}
