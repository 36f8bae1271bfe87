import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The median latency of one request after another (never two at once) to a gateway route, for one signed-in user:
 * with Redis behind {@link DelayingProxy}, the difference between two runs divided by the added round-trip time is
 * the number of Redis round trips a request waits for in sequence.
 * <p>
 * {@code java load-tests/tools/SequentialLatency.java <gateway url> <route path> <issuer token url> <user> <requests>}
 * <br>prints: median, p90 and mean in ms over the requests after 20 % of them (warm-up).
 */
public final class SequentialLatency {

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String path = args[1];
        String issuerTokenUrl = args[2];
        String user = args[3];
        int requests = Integer.parseInt(args[4]);
        HttpClient client = HttpClient.newHttpClient();
        String form = "grant_type=client_credentials&client_secret=dev&scope=openid&client_id="
                + URLEncoder.encode(user, StandardCharsets.UTF_8);
        String body = client.send(HttpRequest.newBuilder(URI.create(issuerTokenUrl))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"")
            .matcher(body);
        if (!token.find()) {
            throw new IllegalStateException("No access_token from the issuer: " + body);
        }
        String jwt = token.group(1);
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + path))
            .header("Authorization", "Bearer " + jwt)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
        int warmUp = requests / 5;
        long[] nanos = new long[requests - warmUp];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Request " + i + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            if (i >= warmUp) {
                nanos[i - warmUp] = elapsed;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%s %s: median %.2f ms, p90 %.2f ms, mean %.2f ms over %d sequential requests%n", path,
                user, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.9)] / 1e6,
                Arrays.stream(nanos).average().orElse(0) / 1e6, nanos.length);
    }

}
