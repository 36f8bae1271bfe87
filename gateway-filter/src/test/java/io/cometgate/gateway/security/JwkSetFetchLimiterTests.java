package io.cometgate.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import io.cometgate.gateway.internal.support.MutableClock;

/**
 * Spring Security's own decoder ({@code NimbusReactiveJwtDecoder.withIssuerLocation}) against a real issuer process
 * (mock-oauth2-server, whose key the tests rotate), counting the key-set fetches the issuer receives.
 */
class JwkSetFetchLimiterTests {

    private static final String ISSUER_ID = "limited";

    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private final RotatingKeyProvider keys = new RotatingKeyProvider();

    private final MockOAuth2Server issuer = new MockOAuth2Server(
            new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(this.keys, (Instant) null)));

    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void startIssuer() {
        this.issuer.start();
    }

    @AfterEach
    void stopIssuer() {
        this.issuer.shutdown();
    }

    @Test
    void decodeWhenHundredUnknownKidsThenAtMostTwoKeySetFetches() {
        ReactiveJwtDecoder decoder = decoder(new JwkSetFetchLimiter(INTERVAL, this.clock));
        StepVerifier.create(decoder.decode(issuerJwt())).expectNextCount(1).verifyComplete();

        StepVerifier.create(rejectedOf(decoder, 100)).expectNext(100L).verifyComplete();

        assertThat(keySetFetches()).isBetween(1, 2);
    }

    @Test
    void decodeWhenNoLimitThenEveryUnknownKidFetchesTheKeySet() {
        // What issue 8 found: without the limiter, each anonymous JWT with an unknown kid is a fetch at the issuer.
        ReactiveJwtDecoder decoder = decoder(new JwkSetFetchLimiter(Duration.ZERO, this.clock));
        StepVerifier.create(decoder.decode(issuerJwt())).expectNextCount(1).verifyComplete();

        StepVerifier.create(rejectedOf(decoder, 20)).expectNext(20L).verifyComplete();

        assertThat(keySetFetches()).isGreaterThanOrEqualTo(21);
    }

    @Test
    void decodeWhenIssuerRotatesItsKeyThenNewKeyAcceptedOnceTheIntervalHasPassed() {
        ReactiveJwtDecoder decoder = decoder(new JwkSetFetchLimiter(INTERVAL, this.clock));
        StepVerifier.create(decoder.decode(issuerJwt())).expectNextCount(1).verifyComplete();
        assertThat(keySetFetches()).isEqualTo(1);

        this.keys.rotate();
        String rotated = issuerJwt();
        this.clock.advance(INTERVAL.minusSeconds(1));
        StepVerifier.create(decoder.decode(rotated)).expectError(JwtException.class).verify();
        assertThat(keySetFetches()).isZero();

        this.clock.advance(Duration.ofSeconds(1));
        StepVerifier.create(decoder.decode(rotated)).expectNextCount(1).verifyComplete();
        assertThat(keySetFetches()).isEqualTo(1);
    }

    @Test
    void filterWhenFetchFailsThenNextRequestFetchesAgainAndSuccessIsKept() {
        JwkSetFetchLimiter limiter = new JwkSetFetchLimiter(INTERVAL, this.clock);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        org.springframework.web.reactive.function.client.ExchangeFunction issuer = (request) -> Mono.fromSupplier(
                () -> org.springframework.web.reactive.function.client.ClientResponse
                    .create((calls.incrementAndGet() == 1) ? org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE
                            : org.springframework.http.HttpStatus.OK)
                    .body("{\"keys\":[]}")
                    .build());
        org.springframework.web.reactive.function.client.ClientRequest get = org.springframework.web.reactive.function.client.ClientRequest
            .create(org.springframework.http.HttpMethod.GET, java.net.URI.create("http://issuer/jwks"))
            .build();

        StepVerifier.create(limiter.filter(get, issuer).map((r) -> r.statusCode().value())).expectNext(503).verifyComplete();
        StepVerifier.create(limiter.filter(get, issuer).map((r) -> r.statusCode().value())).expectNext(200).verifyComplete();
        StepVerifier.create(limiter.filter(get, issuer).flatMap((r) -> r.bodyToMono(String.class)))
            .expectNext("{\"keys\":[]}")
            .verifyComplete();
        assertThat(calls).hasValue(2);
    }

    private ReactiveJwtDecoder decoder(JwkSetFetchLimiter limiter) {
        return NimbusReactiveJwtDecoder.withIssuerLocation(this.issuer.issuerUrl(ISSUER_ID).toString())
            .webClient(WebClient.builder().filter(limiter).build())
            .build();
    }

    private Mono<Long> rejectedOf(ReactiveJwtDecoder decoder, int count) {
        ForgedJwts forged = new ForgedJwts(this.issuer.issuerUrl(ISSUER_ID).toString());
        return Flux.range(0, count)
            .flatMap((i) -> decoder.decode(forged.withRandomUnknownKid())
                .map((jwt) -> false)
                .onErrorResume(JwtException.class, (ex) -> Mono.just(true)), 16)
            .filter(Boolean::booleanValue)
            .count();
    }

    private String issuerJwt() {
        return this.issuer.issueToken(ISSUER_ID, "alice", "cometgate", Map.of(), 3600).serialize();
    }

    /** Key-set requests the issuer received since the last call (its other requests, discovery, are skipped). */
    private int keySetFetches() {
        int fetches = 0;
        while (true) {
            RecordedRequest request;
            try {
                request = this.issuer.takeRequest(200, TimeUnit.MILLISECONDS);
            }
            catch (RuntimeException noMoreRequests) {
                return fetches;
            }
            if (request.getPath() != null && request.getPath().endsWith("/jwks")) {
                fetches++;
            }
        }
    }

    /** The issuer's signing key, replaced by a new one (new kid) on {@link #rotate()}: a real key rotation. */
    static final class RotatingKeyProvider extends KeyProvider {

        private volatile JWK current = newKey();

        RotatingKeyProvider() {
            super(List.of());
        }

        void rotate() {
            this.current = newKey();
        }

        @Override
        public JWK signingKey(String issuerId) {
            return this.current;
        }

        private static JWK newKey() {
            try {
                return new RSAKeyGenerator(2048).keyID(java.util.UUID.randomUUID().toString()).generate();
            }
            catch (JOSEException ex) {
                throw new IllegalStateException(ex);
            }
        }

    }

    /** A clock the test moves by hand, so the interval passes without waiting for it. */

}
