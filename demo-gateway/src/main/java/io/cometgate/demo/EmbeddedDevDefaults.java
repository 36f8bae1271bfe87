package io.cometgate.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import io.cometgate.emulator.CometChatEmulator;

/**
 * Starts the embedded development defaults before the gateway's configuration is read, for whatever is not
 * configured:
 * <ul>
 * <li>no {@code cometchat.*} app at all: the CometChat emulator, on {@code demo.emulator.port} (8089);</li>
 * <li>no issuer ({@code ISSUER_URI} or {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}): a local OAuth2
 * issuer, on {@code demo.issuer.port} (8081), that signs real JWTs for any client id.</li>
 * </ul>
 * A partly configured app (say, a key but no app id) gets no defaults, so that start-up fails naming what is missing
 * instead of quietly talking to the emulator. Both servers stop with the application.
 */
public class EmbeddedDevDefaults implements SmartApplicationListener, Ordered {

    static final String ISSUER_ID = "demo";

    private static final Logger logger = LoggerFactory.getLogger(EmbeddedDevDefaults.class);

    private static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

    private CometChatEmulator emulator;

    private MockOAuth2Server issuer;

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
                || ContextClosedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            start(prepared.getEnvironment());
        }
        else if (event instanceof ContextClosedEvent) {
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
            this.issuer = new MockOAuth2Server();
            this.issuer.start(environment.getProperty("demo.issuer.port", Integer.class, 8081));
            String uri = this.issuer.issuerUrl(ISSUER_ID).toString();
            defaults.put(ISSUER_URI, uri);
            defaults.put("demo.embedded.issuer", uri);
            logger.info("No issuer configured: using the embedded development issuer at {}", uri);
        }
        // Added last: anything the user did configure wins.
        environment.getPropertySources().addLast(new MapPropertySource("cometgateDevDefaults", defaults));
    }

    private static boolean noneSet(ConfigurableEnvironment environment, String... names) {
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
    }

    @Override
    public int getOrder() {
        // After Boot's own listener has loaded application.yml, so that what is configured there is seen.
        return Ordered.LOWEST_PRECEDENCE;
    }

}
