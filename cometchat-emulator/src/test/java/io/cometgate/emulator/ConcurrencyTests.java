package io.cometgate.emulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients at once, as in the load tests: creates race atomically, the plan quota and the token cap hold.
 */
class ConcurrencyTests extends EmulatorTestSupport {

    private static final int CLIENTS = 32;

    private static List<HttpResponse<String>> concurrently(int count, String method, String path, String body)
            throws Exception {
        URI uri = URI.create(emulator.baseUrl() + path);
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("apikey", API_KEY)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
            futures.add(api.http().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return futures.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void createUserWhenConcurrentCreatesOfOneUidThenExactlyOneWins() throws Exception {
        List<HttpResponse<String>> responses = concurrently(CLIENTS, "POST", "/users",
                "{\"uid\":\"racer\",\"name\":\"Racer\",\"withAuthToken\":true}");

        Map<Integer, Long> byStatus = responses.stream()
            .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus).isEqualTo(Map.of(200, 1L, 400, (long) CLIENTS - 1));
        assertThat(responses.stream().filter((r) -> r.statusCode() == 400))
            .allSatisfy((r) -> assertThat(r.body()).contains("ERR_UID_ALREADY_EXISTS"));
        assertThat(emulator.activeTokens("racer")).hasSize(1);
        assertThat(emulator.calls(Operation.CREATE_USER)).isEqualTo(CLIENTS);
    }

    @Test
    void createUserWhenConcurrentCreatesOnAPlanQuotaThenExactlyTheQuotaWins() throws Exception {
        emulator.maxUsers(5);
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/users"))
                .header("apikey", API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"racer" + i + "\",\"name\":\"Racer\"}"))
                .build();
            futures.add(api.http().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        Map<Integer, Long> byStatus = futures.stream()
            .map(CompletableFuture::join)
            .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus).isEqualTo(Map.of(200, 5L, 402, (long) CLIENTS - 5));
    }

    @Test
    void createAuthTokenWhenConcurrentMintsThenAllDistinctAndCapHolds() throws Exception {
        emulator.tokenCap(100);
        createUser("u1");

        List<HttpResponse<String>> responses = concurrently(120, "POST", "/users/u1/auth_tokens", "{}");

        assertThat(responses).allSatisfy((r) -> assertThat(r.statusCode()).isEqualTo(200));
        Set<String> tokens = responses.stream()
            .map(HttpResponse::body)
            .map((body) -> ApiClient.JSON.readTree(body).path("data").path("authToken").asString())
            .collect(Collectors.toCollection(HashSet::new));
        assertThat(tokens).hasSize(120);
        assertThat(emulator.activeTokens("u1")).hasSize(100).doesNotHaveDuplicates();
        assertThat(tokens.stream().filter((token) -> emulator.isTokenValid("u1", token)).count()).isEqualTo(100);
        assertThat(emulator.calls(Operation.CREATE_AUTH_TOKEN)).isEqualTo(120);
    }
}
