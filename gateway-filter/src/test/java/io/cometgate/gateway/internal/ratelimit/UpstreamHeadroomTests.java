package io.cometgate.gateway.internal.ratelimit;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatRateLimitHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import io.cometgate.gateway.internal.support.MutableClock;

/** The pacing of {@link UpstreamHeadroom}, on a clock the test moves, with CometChat's headers as the answers. */
class UpstreamHeadroomTests {

    private final MutableClock clock = new MutableClock();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final UpstreamHeadroom headroom = new UpstreamHeadroom(0.1, this.registry, this.clock);

    private final AtomicInteger sent = new AtomicInteger();

    private long appRemaining;

    private final ExchangeFunction cometChat = (request) -> {
        this.sent.incrementAndGet();
        return Mono.just(ClientResponse.create(HttpStatus.OK)
            .header(CometChatRateLimitHeaders.LIMIT, "20000")
            .header(CometChatRateLimitHeaders.REMAINING, "19990")
            .header(CometChatRateLimitHeaders.APP_LIMIT, "1000")
            .header(CometChatRateLimitHeaders.APP_REMAINING, Long.toString(this.appRemaining))
            .build());
    };

    private Mono<ClientResponse> call() {
        ClientRequest request = ClientRequest.create(HttpMethod.POST, URI.create("http://cometchat.test/v3/users"))
            .attribute(CometChatClient.APP_ID_ATTRIBUTE, "app1")
            .build();
        return this.headroom.filter(request, this.cometChat);
    }

    @Test
    void filterWhenShareAboveThresholdThenEveryCallGoes() {
        this.appRemaining = 500;
        for (int i = 0; i < 5; i++) {
            StepVerifier.create(call()).expectNextCount(1).verifyComplete();
        }
        assertThat(this.sent).hasValue(5);
        assertThat(this.registry.get("cometgate.cometchat.ratelimit.remaining").tags("app", "app1", "scope", "app")
            .gauge().value()).isEqualTo(500);
        assertThat(this.registry.get("cometgate.cometchat.ratelimit.remaining")
            .tags("app", "app1", "scope", "operation").gauge().value()).isEqualTo(19990);
    }

    @Test
    void filterWhenShareBelowThresholdThenOneCallPerMinuteOverRemaining() {
        this.appRemaining = 60;
        StepVerifier.create(call()).expectNextCount(1).verifyComplete();
        // 60 of 1000 left: under 10 %, so one call a second.
        StepVerifier.create(call()).expectNextCount(1).verifyComplete();
        StepVerifier.create(call())
            .expectErrorSatisfies((ex) -> {
                assertThat(ex).isInstanceOf(RetryLaterException.class);
                RetryLaterException later = (RetryLaterException) ex;
                assertThat(later.getReason()).isEqualTo(RetryLaterException.Reason.UPSTREAM_BUDGET_EXHAUSTED);
                assertThat(later.getRetryAfter()).isEqualTo(Duration.ofSeconds(1));
            })
            .verify();
        assertThat(this.sent).hasValue(2);

        this.clock.advance(Duration.ofSeconds(1));
        StepVerifier.create(call()).expectNextCount(1).verifyComplete();
        assertThat(this.sent).hasValue(3);
    }

    @Test
    void filterWhenNothingLeftThenNoCallUntilTheWindowHasPassed() {
        this.appRemaining = 0;
        StepVerifier.create(call()).expectNextCount(1).verifyComplete();
        this.clock.advance(Duration.ofSeconds(59));
        StepVerifier.create(call()).expectError(RetryLaterException.class).verify();
        assertThat(this.sent).hasValue(1);

        this.clock.advance(Duration.ofSeconds(1));
        this.appRemaining = 1000;
        StepVerifier.create(call()).expectNextCount(1).verifyComplete();
        StepVerifier.create(call()).expectNextCount(1).verifyComplete();
        assertThat(this.sent).hasValue(3);
    }

    @Test
    void filterWhenThresholdZeroThenNeverSlowsDown() {
        UpstreamHeadroom off = new UpstreamHeadroom(0, this.registry, this.clock);
        this.appRemaining = 0;
        ClientRequest request = ClientRequest.create(HttpMethod.GET, URI.create("http://cometchat.test/v3/users/u"))
            .attribute(CometChatClient.APP_ID_ATTRIBUTE, "app2")
            .build();
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(off.filter(request, this.cometChat)).expectNextCount(1).verifyComplete();
        }
        assertThat(this.sent).hasValue(3);
    }

    /** A clock the test moves by hand. */

}
