package io.cometgate.gateway.client;

import java.time.Duration;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ClientCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The connection pool to CometChat and the {@link WebClient} on top of it, owned by the gateway and closed with it.
 * <p>
 * A pool of its own (rather than the gateway's proxying client) so that CometChat's connections, timeouts and limits
 * are tuned and observed apart from the routes'. The WebClient gets its own codecs on purpose: an application's
 * customised Jackson settings (a naming strategy, say) must not change how CometChat's JSON is read.
 * <p>
 * Its JSON mapper is a plain one, without the Jackson modules found on the classpath (Spring's default codecs
 * register every one they find): CometChat's JSON is records and strings, which plain Jackson reads and writes, and a
 * module the application happens to carry must not change the wire format or the cost of the first call. Kotlin's
 * module, for one, starts Kotlin reflection on the first body written (1,568 classes loaded: over a second on the
 * first user creation of a replica, measured on the demo, whose embedded issuer brings Kotlin).
 */
public final class CometChatConnections implements DisposableBean {

    private final ConnectionProvider connectionProvider;

    private final WebClient webClient;

    /**
     * @param connectTimeout time to establish a connection
     * @param responseTimeout time to wait for a response once a request is sent
     * @param maxConnections the most connections open to CometChat at once
     * @param observationRegistry where to report calls, or {@code ObservationRegistry.NOOP}
     * @param guards filters every call passes before it is sent, in order (such as the upstream budget)
     */
    public CometChatConnections(Duration connectTimeout, Duration responseTimeout, int maxConnections,
            ObservationRegistry observationRegistry, List<ExchangeFilterFunction> guards) {
        Assert.isTrue((connectTimeout.compareTo(Duration.ZERO) > 0), "connectTimeout must be positive");
        Assert.isTrue((responseTimeout.compareTo(Duration.ZERO) > 0), "responseTimeout must be positive");
        this.connectionProvider = ConnectionProvider.builder("cometchat")
            .maxConnections(maxConnections)
            // A request waits this long for a free connection before it fails, rather than queueing forever.
            .pendingAcquireTimeout(connectTimeout)
            // Load balancers drop idle connections silently; close ours first so no request writes to a dead one.
            .maxIdleTime(Duration.ofSeconds(30))
            .evictInBackground(Duration.ofSeconds(30))
            .build();
        HttpClient httpClient = SecretPathSegments.install(HttpClient.create(this.connectionProvider))
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(connectTimeout.toMillis()))
            .responseTimeout(responseTimeout);
        this.webClient = WebClient.builder()
            .clientConnector(new ReactorClientHttpConnector(httpClient))
            .codecs(CometChatConnections::plainJson)
            .observationRegistry(observationRegistry)
            .filters((filters) -> {
                filters.addAll(guards);
                // Last, so that only calls that are really sent are counted.
                filters.add(UpstreamCallCounter.countingFilter());
            })
            .build();
    }

    private static void plainJson(ClientCodecConfigurer codecs) {
        JsonMapper mapper = JsonMapper.builder().build();
        codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(mapper));
        codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(mapper));
    }

    /** The client that sends to CometChat. */
    public WebClient webClient() {
        return this.webClient;
    }

    @Override
    public void destroy() {
        this.connectionProvider.disposeLater().subscribe();
    }

}
