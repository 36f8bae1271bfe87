package io.cometgate.gateway.client;

import java.util.concurrent.atomic.AtomicInteger;

import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Counts the CometChat calls made on behalf of one gateway request, for its audit line. The filter puts a counter in
 * the Reactor {@link Context}; {@link CometChatClient} increments it for every call it sends, retries included.
 */
public final class UpstreamCallCounter {

    private final AtomicInteger calls = new AtomicInteger();

    /** A context holding this counter. */
    public Context addTo(Context context) {
        return context.put(UpstreamCallCounter.class, this);
    }

    static void incrementIn(ContextView context) {
        context.<UpstreamCallCounter>getOrEmpty(UpstreamCallCounter.class).ifPresent((c) -> c.calls.incrementAndGet());
    }

    /** The calls counted so far. */
    public int calls() {
        return this.calls.get();
    }

}
