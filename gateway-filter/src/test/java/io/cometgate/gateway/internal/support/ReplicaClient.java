package io.cometgate.gateway.internal.support;

import java.time.Duration;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Calls the token route of replicas over real HTTP, with enough connections that hundreds of requests are really
 * in flight at once (Reactor Netty's default pool would queue them 16 at a time per replica).
 */
public final class ReplicaClient implements AutoCloseable {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    private final ConnectionProvider connections = ConnectionProvider.builder("replica-client")
        .maxConnections(1000)
        .pendingAcquireMaxCount(-1)
        .pendingAcquireTimeout(Duration.ofSeconds(60))
        .build();

    private final WebClient client = WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.connections)))
        .build();

    /** {@code POST <path>} as the holder of {@code jwt}. */
    public Mono<ResponseEntity<Map<String, Object>>> post(GatewayReplica replica, String path, String jwt) {
        return this.client.post().uri(replica.baseUrl() + path)
            .headers((h) -> h.setBearerAuth(jwt))
            .exchangeToMono((response) -> response.toEntity(JSON));
    }

    /** The token {@code POST <path>} answers, failing unless the answer is 200. */
    public String token(GatewayReplica replica, String path, String jwt) {
        ResponseEntity<Map<String, Object>> answer = post(replica, path, jwt).block(Duration.ofSeconds(30));
        if (answer == null || answer.getStatusCode().value() != 200) {
            throw new AssertionError("POST " + path + " answered " + ((answer != null) ? answer.getStatusCode() : null)
                    + " " + ((answer != null) ? answer.getBody() : null));
        }
        return (String) answer.getBody().get("authToken");
    }

    /** {@code DELETE <path>} (a logout) as the holder of {@code jwt}; the status. */
    public int delete(GatewayReplica replica, String path, String jwt) {
        return this.client.delete().uri(replica.baseUrl() + path)
            .headers((h) -> h.setBearerAuth(jwt))
            .exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
            .block(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        this.connections.dispose();
    }

}
