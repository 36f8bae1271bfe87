package io.cometgate.gateway.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Lets the JWT decoder's WebClient fetch the issuer's key set (and its discovery document) at most once per interval,
 * serving the last answer meanwhile.
 * <p>
 * Why: Spring Security's reactive JWK source refetches the key set whenever a JWT names a {@code kid} it does not
 * know, before the signature is checked. Anyone can send such a JWT without logging in, so without a bound each
 * anonymous request is a request to the identity provider, which throttles the gateway, and then real key rotations
 * fail. With this filter a JWT with an unknown {@code kid} is checked against the cached keys (and rejected) until
 * the interval since the last fetch has passed; a key the issuer really rotated in is therefore picked up at the
 * first request after at most one interval.
 * <p>
 * Concurrent requests share one fetch. Only successful ({@code 2xx}) answers are kept: after a failure the next
 * request tries again, so a passing outage of the issuer is not remembered for a whole interval.
 */
public final class JwkSetFetchLimiter implements ExchangeFilterFunction {

    /** The default interval: a key rotation is picked up within 30 s, and an attacker causes 2 fetches a minute. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(30);

    private final Duration minInterval;

    private final Clock clock;

    private final ConcurrentHashMap<URI, Fetch> lastFetches = new ConcurrentHashMap<>();

    /**
     * @param minInterval the shortest time between two fetches of one URL; zero turns the limit off
     */
    public JwkSetFetchLimiter(Duration minInterval) {
        this(minInterval, Clock.systemUTC());
    }

    JwkSetFetchLimiter(Duration minInterval, Clock clock) {
        Assert.notNull(minInterval, "minInterval cannot be null");
        Assert.isTrue(!minInterval.isNegative(), "minInterval cannot be negative");
        Assert.notNull(clock, "clock cannot be null");
        this.minInterval = minInterval;
        this.clock = clock;
    }

    /**
     * A WebClient for {@code NimbusReactiveJwtDecoder.withIssuerLocation(...).webClient(...)} or
     * {@code withJwkSetUri(...).webClient(...)} that fetches the key set at most once per {@code minInterval}.
     */
    public static WebClient webClient(Duration minInterval) {
        return WebClient.builder().filter(new JwkSetFetchLimiter(minInterval)).build();
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        if (!HttpMethod.GET.equals(request.method()) || this.minInterval.isZero()) {
            return next.exchange(request);
        }
        return Mono.defer(() -> {
            Instant now = this.clock.instant();
            Fetch fetch = this.lastFetches.compute(request.url(),
                    (url, last) -> (last != null && last.isRecent(now, this.minInterval)) ? last
                            : new Fetch(now, fetchOnce(request, next)));
            return fetch.answer()
                .doOnNext((answer) -> {
                    if (!answer.status().is2xxSuccessful()) {
                        this.lastFetches.remove(request.url(), fetch);
                    }
                })
                .doOnError((ex) -> this.lastFetches.remove(request.url(), fetch))
                .map(Answer::toResponse);
        });
    }

    private static Mono<Answer> fetchOnce(ClientRequest request, ExchangeFunction next) {
        return next.exchange(request)
            .flatMap((response) -> response.bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .map((body) -> new Answer(response.statusCode(),
                        response.headers().contentType().orElse(MediaType.APPLICATION_JSON), body)))
            .cache();
    }

    private record Fetch(Instant startedAt, Mono<Answer> answer) {

        boolean isRecent(Instant now, Duration minInterval) {
            return now.isBefore(this.startedAt.plus(minInterval));
        }

    }

    private record Answer(HttpStatusCode status, MediaType contentType, byte[] body) {

        ClientResponse toResponse() {
            return ClientResponse.create(this.status)
                .header(HttpHeaders.CONTENT_TYPE, this.contentType.toString())
                .body(new String(this.body, java.nio.charset.StandardCharsets.UTF_8))
                .build();
        }

    }

}
