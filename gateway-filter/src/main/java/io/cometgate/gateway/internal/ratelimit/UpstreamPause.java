package io.cometgate.gateway.internal.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.RetryAfter;

/**
 * Stops every replica calling a CometChat app that answered 429, until its {@code Retry-After} has passed: hammering
 * a rate-limited API only prolongs the limit. The replica that sees the 429 writes a Redis key that expires with the
 * pause; every replica checks it before a call (and remembers a pause it learnt, so a paused app costs no Redis
 * round trip). Calls held back fail with {@link RetryLaterException} ({@code UPSTREAM_PAUSED}), answered 503 with {@code Retry-After}.
 * <p>
 * Without Redis ({@link SharedPauses#NONE}), or when Redis fails, the pause holds in the replica that saw the 429.
 */
public final class UpstreamPause implements ExchangeFilterFunction {

    private static final Logger logger = LoggerFactory.getLogger(UpstreamPause.class);

    private final SharedPauses shared;

    private final Clock clock;

    private final Map<String, Long> pausedUntilMillis = new ConcurrentHashMap<>();

    /**
     * @param shared where the pause is shared with the other replicas
     * @param clock the clock
     */
    public UpstreamPause(SharedPauses shared, Clock clock) {
        Assert.notNull(shared, "shared cannot be null");
        Assert.notNull(clock, "clock cannot be null");
        this.shared = shared;
        this.clock = clock;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        String appId = request.attribute(CometChatClient.APP_ID_ATTRIBUTE).map(Object::toString).orElse("unknown");
        return remainingPause(appId)
            .flatMap((remaining) -> Mono.<ClientResponse>error(new RetryLaterException(
                    RetryLaterException.Reason.UPSTREAM_PAUSED, "Calls to CometChat app " + appId + " are paused after a 429",
                    remaining)))
            .switchIfEmpty(Mono.defer(() -> next.exchange(request)
                .flatMap((response) -> (response.statusCode().value() == 429)
                        ? pause(appId, RetryAfter.orDefault(RetryAfter.of(response.headers().asHttpHeaders())))
                            .thenReturn(response)
                        : Mono.just(response))));
    }

    /**
     * What remains of a pause of {@code appId}, known to this replica or shared by another through Redis; empty when
     * calls may go. For health checks too: never calls CometChat.
     */
    public Mono<Duration> remainingPause(String appId) {
        long now = this.clock.millis();
        Long localUntil = this.pausedUntilMillis.get(appId);
        if (localUntil != null && localUntil > now) {
            return Mono.just(Duration.ofMillis(localUntil - now));
        }
        return this.shared.remaining(appId).doOnNext((remaining) -> this.pausedUntilMillis.put(appId,
                this.clock.millis() + remaining.toMillis()));
    }

    private Mono<Void> pause(String appId, Duration retryAfter) {
        logger.warn("CometChat app {} answered 429: calls from every replica pause for {} s", appId,
                retryAfter.toSeconds());
        this.pausedUntilMillis.merge(appId, this.clock.millis() + retryAfter.toMillis(), Math::max);
        return this.shared.pause(appId, retryAfter);
    }

}
