package io.cometgate.gateway.client;

import java.time.Duration;
import java.util.Optional;

import reactor.util.context.Context;
import reactor.util.context.ContextView;

import org.springframework.util.Assert;

/**
 * The time left for every CometChat call of one gateway request, their retries included: put in the Reactor
 * context by whoever serves the request, read by {@link CometChatClient}, which bounds each call by what is left and
 * sends no call once it is spent. Without one in the context, calls are bounded only by their own timeouts.
 */
public final class RequestDeadline {

    private final Duration budget;

    private final long deadlineNanos;

    private RequestDeadline(Duration budget, long deadlineNanos) {
        this.budget = budget;
        this.deadlineNanos = deadlineNanos;
    }

    /**
     * @param budget the time every CometChat call of the request may take in all, from now
     * @return the deadline
     */
    public static RequestDeadline after(Duration budget) {
        Assert.isTrue(budget != null && budget.compareTo(Duration.ZERO) > 0, "budget must be positive");
        return new RequestDeadline(budget, System.nanoTime() + budget.toNanos());
    }

    /** A context holding this deadline. */
    public Context addTo(Context context) {
        return context.put(RequestDeadline.class, this);
    }

    /** The deadline of the subscriber's request, if any. */
    public static Optional<RequestDeadline> in(ContextView context) {
        return context.getOrEmpty(RequestDeadline.class);
    }

    /** The whole budget, for messages. */
    public Duration budget() {
        return this.budget;
    }

    /** The time left; zero or negative once spent. */
    public Duration remaining() {
        return Duration.ofNanos(this.deadlineNanos - System.nanoTime());
    }

}
