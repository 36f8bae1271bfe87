package io.cometgate.gateway.internal.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.cometgate.emulator.CometChatEmulator;

/** Creates users at the emulator over its REST API, as another backend of the app would. */
public final class EmulatorUsers {

    private EmulatorUsers() {
    }

    /** Creates {@code uid}; fails the test unless CometChat answers 200. */
    public static void create(CometChatEmulator emulator, String apiKey, String uid) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/users"))
                        .header("apikey", apiKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"" + uid + "\",\"name\":\"" + uid + "\"}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Creating " + uid + " answered " + response.statusCode());
            }
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
