package io.cometgate.gateway.internal.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.VerboseResult;

/**
 * The answer of a bucket to one request: allowed or not, what is left of each limit and when it is whole again.
 *
 * @param allowed whether the request may go on
 * @param remaining requests left under the tightest limit
 * @param retryAfter when a refused request may be retried; {@link Duration#ZERO} when allowed
 * @param limits the state of each limit, in the policy's order
 */
public record LimitProbe(boolean allowed, long remaining, Duration retryAfter, List<LimitState> limits) {

    /**
     * The state of one limit.
     *
     * @param spec the limit
     * @param remaining requests left under it
     * @param reset time until it is full again
     */
    public record LimitState(LimitSpec spec, long remaining, Duration reset) {
    }

    static LimitProbe from(VerboseResult<ConsumptionProbe> result, LimitPolicy policy) {
        ConsumptionProbe probe = result.getValue();
        long[] available = result.getDiagnostics().getAvailableTokensPerEachBandwidth();
        List<LimitState> states = new ArrayList<>(policy.limits().size());
        for (int i = 0; i < policy.limits().size(); i++) {
            LimitSpec spec = policy.limits().get(i);
            long left = Math.max(0, Math.min(spec.capacity(), (i < available.length) ? available[i] : 0));
            // Greedy refill: each missing request comes back after period/capacity.
            Duration reset = spec.period().multipliedBy(spec.capacity() - left).dividedBy(spec.capacity());
            states.add(new LimitState(spec, left, reset));
        }
        Duration retryAfter = probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
        return new LimitProbe(probe.isConsumed(), Math.max(0, probe.getRemainingTokens()), retryAfter,
                List.copyOf(states));
    }

}
