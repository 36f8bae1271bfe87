package io.cometgate.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One emulator per test class on a free port, reset before each test, so tests are independent and fast.
 */
abstract class EmulatorTestSupport {

    static final String API_KEY = "test-rest-api-key-4c3e5b5a96da90cc4bb3";

    static CometChatEmulator emulator;

    static ApiClient api;

    @BeforeAll
    static void startEmulator() {
        emulator = CometChatEmulator.builder().port(0).appId("test-app").apiKey(API_KEY).region("eu").build().start();
        api = new ApiClient(emulator);
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void resetEmulator() {
        emulator.reset();
    }

    static ApiClient.Response createUser(String uid) {
        return api.post("/users", "{\"uid\":\"" + uid + "\",\"name\":\"User " + uid + "\"}");
    }

    static String mintToken(String uid) {
        return api.post("/users/" + uid + "/auth_tokens", "{}").data().path("authToken").asString();
    }
}
