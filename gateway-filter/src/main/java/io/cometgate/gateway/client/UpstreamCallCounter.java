package io.cometgate.gateway.client;

import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Counts the CometChat calls made on behalf of one gateway request, for its audit line. The filter puts a counter in
 * the Reactor {@link Context}; {@link #countingFilter()}, the last filter of the CometChat WebClient, increments it for
 * every call actually sent, retries included.
 */
public final class UpstreamCallCounter {

    private final AtomicInteger calls = new AtomicInteger();

    /** A context holding this counter. */
    public Context addTo(Context context) {
        return context.put(UpstreamCallCounter.class, this);
    }

    /** The WebClient filter that counts each call sent into the counter of the subscriber's context, if any. */
    public static ExchangeFilterFunction countingFilter() {
        return (request, next) -> Mono.deferContextual((context) -> {
            incrementIn(context);
            return next.exchange(request);
        });
    }

    static void incrementIn(ContextView context) {
        context.<UpstreamCallCounter>getOrEmpty(UpstreamCallCounter.class).ifPresent((c) -> c.calls.incrementAndGet());
    }

    /** The calls counted so far. */
    public int calls() {
        return this.calls.get();
    }

}
