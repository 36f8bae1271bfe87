package io.cometgate.gateway.e2e;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cometgate.emulator.CometChatEmulator;
import io.cometgate.gateway.internal.cache.NearTokenCache;
import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.internal.cache.UnforgettableEvictions;

/**
 * A real gateway on a real port, with real JWTs from a real issuer validated by Spring Security, a real Redis and
 * real HTTP to the CometChat emulator; nothing mocked. Every subclass shares one application context (the same
 * properties), and starts each test with an emulator emptied of users, tokens, faults and counters.
 */
@SpringBootTest(classes = TestGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class GatewayEndToEndTest {

    protected static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @LocalServerPort
    protected int port;

    protected WebTestClient client;

    protected final CometChatEmulator emulator = TestInfrastructure.emulator();

    @Autowired
    private TokenCache tokenCache;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @BeforeEach
    void startWithAnEmptyEmulator() {
        this.emulator.reset();
        this.client = WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + this.port)
            .responseTimeout(Duration.ofSeconds(20))
            .build();
    }

    /** Forgets every cached token, in Redis and in this gateway's memory, for tests that reuse fixed subjects. */
    protected void forgetCachedTokens() {
        TestInfrastructure.clearRedis();
        forgetNearCachedTokens();
    }

    /** Forgets the copies of tokens this gateway keeps in memory, so that it reads Redis again. */
    protected void forgetNearCachedTokens() {
        TokenCache cache = (this.tokenCache instanceof UnforgettableEvictions unforgettable) ? unforgettable.cache()
                : this.tokenCache;
        if (cache instanceof NearTokenCache near) {
            near.clear();
        }
    }

}
