package io.cometgate.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.cometgate.emulator.Operation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SIGTERM to a real demo process while a mint is on its way to CometChat: the mint finishes, the caller gets its
 * token, the token is stored and the lock released before the process ends; and a request that does not finish is
 * cut at the configured bound instead of holding the process forever.
 */
class GracefulShutdownTests {

    private static final Pattern AUTH_TOKEN = Pattern.compile("\"authToken\"\\s*:\\s*\"([^\"]+)\"");

    @Test
    void sigtermWhenAMintIsInFlightThenItFinishesIsAnsweredStoredAndUnlocked() throws Exception {
        try (DemoDependencies dependencies = new DemoDependencies();
                DemoProcess demo = DemoProcess.start(withPatientCometChatClient(dependencies.demoArguments()))) {
            String jwt = dependencies.jwtFor("leaving-user");
            // An existing user: the mint is one call, the one the signal interrupts.
            dependencies.createUser("leaving-user");
            // Long enough for the signal to arrive while CometChat has the call and has not answered.
            dependencies.emulator.latency(Duration.ofSeconds(3));

            CompletableFuture<HttpResponse<String>> answer = postToken(demo, jwt);
            awaitCallAtTheEmulator(dependencies);
            demo.terminate();

            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);

            demo.awaitExit(60);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            Matcher token = AUTH_TOKEN.matcher(response.body());
            assertThat(token.find()).as(response.body()).isTrue();
            assertThat(dependencies.emulator.isTokenValid("leaving-user", token.group(1))).isTrue();
            assertThat(dependencies.emulator.calls(Operation.CREATE_AUTH_TOKEN)).as("one mint").isEqualTo(1);
            assertThat(dependencies.redisKeys("cometgate:tok:*")).as("the token was stored before the process ended")
                .containsExactly("cometgate:tok:" + dependencies.emulator.appId() + ":leaving-user");
            assertThat(dependencies.redisKeys("cometgate:lock:*")).as("the mint lock was released").isEmpty();
            assertThat(demo.output()).as(demo.tail()).anySatisfy((line) -> assertThat(line).contains("Graceful shutdown complete"));
        }
    }

    @Test
    void sigtermWhenARequestNeverFinishesThenTheProcessStopsAtTheGracePeriod() throws Exception {
        try (DemoDependencies dependencies = new DemoDependencies()) {
            List<String> arguments = new ArrayList<>(dependencies.demoArguments());
            arguments.add("--spring.lifecycle.timeout-per-shutdown-phase=2s");
            // CometChat's own timeout far beyond the grace period: only the bound can end the wait.
            arguments.add("--cometchat.response-timeout=120s");
            arguments.add("--cometchat.retry.max-total-time=120s");
            try (DemoProcess demo = DemoProcess.start(arguments)) {
                String jwt = dependencies.jwtFor("stuck-user");
                // The start-up health check first: the armed hang is then the mint's.
                awaitCalls(dependencies, Operation.LIST_USERS);
                dependencies.emulator.hangNext(1);

                CompletableFuture<HttpResponse<String>> answer = postToken(demo, jwt);
                awaitCallAtTheEmulator(dependencies);
                demo.terminate();
                demo.awaitExit(60);

                assertThat(demo.output()).anySatisfy((line) -> assertThat(line)
                    .contains("Graceful shutdown aborted with one or more requests still active"));
                assertThat(answer).as("the stuck request was cut, not answered").isCompletedExceptionally();
            }
        }
    }

    /** CometChat's slowness is the test's own: on a loaded machine the gateway must not give up on it first. */
    private static List<String> withPatientCometChatClient(List<String> arguments) {
        List<String> all = new ArrayList<>(arguments);
        all.add("--cometchat.response-timeout=30s");
        all.add("--cometchat.retry.max-total-time=60s");
        return all;
    }

    private static CompletableFuture<HttpResponse<String>> postToken(DemoProcess demo, String jwt) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(demo.url() + "/cometchat-token"))
            .header("Authorization", "Bearer " + jwt)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitCallAtTheEmulator(DemoDependencies dependencies) throws InterruptedException {
        awaitCalls(dependencies, Operation.CREATE_AUTH_TOKEN);
    }

    private static void awaitCalls(DemoDependencies dependencies, Operation operation) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (dependencies.emulator.calls(operation) == 0) {
            assertThat(System.nanoTime()).as("a %s call reached the emulator within 30 s", operation).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

}
