package io.cometgate.gateway.internal.ratelimit;

import java.time.Duration;
import java.util.StringJoiner;

import org.springframework.http.HttpHeaders;

/**
 * Writes a limit's state as the IETF httpapi rate-limit headers (draft-ietf-httpapi-ratelimit-headers, structured
 * fields), and {@code X-RateLimit-Remaining} for clients written for Spring Cloud Gateway's own limiter:
 *
 * <pre>
 * RateLimit-Policy: "per-user-60s";q=10;w=60, "per-user-3600s";q=60;w=3600
 * RateLimit: "per-user-60s";r=9;t=6, "per-user-3600s";r=59;t=60
 * X-RateLimit-Remaining: 9
 * </pre>
 *
 * A policy with one limit is named plainly ({@code "per-user"}); with several, each limit's name carries its window.
 * A refused request also gets {@code Retry-After}.
 */
public final class RateLimitHeaders {

    public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

    public static final String RATE_LIMIT = "RateLimit";

    public static final String X_RATE_LIMIT_REMAINING = "X-RateLimit-Remaining";

    private RateLimitHeaders() {
    }

    /**
     * @param headers the response's headers
     * @param policy the policy that decided
     * @param probe its answer
     */
    public static void write(HttpHeaders headers, LimitPolicy policy, LimitProbe probe) {
        StringJoiner policies = new StringJoiner(", ");
        StringJoiner states = new StringJoiner(", ");
        for (LimitProbe.LimitState state : probe.limits()) {
            String name = (policy.limits().size() == 1) ? policy.name()
                    : policy.name() + "-" + state.spec().windowSeconds() + "s";
            policies.add("\"" + name + "\";q=" + state.spec().capacity() + ";w=" + state.spec().windowSeconds());
            states.add("\"" + name + "\";r=" + state.remaining() + ";t=" + wholeSecondsUp(state.reset()));
        }
        headers.set(RATE_LIMIT_POLICY, policies.toString());
        headers.set(RATE_LIMIT, states.toString());
        headers.set(X_RATE_LIMIT_REMAINING, Long.toString(probe.remaining()));
        if (!probe.allowed()) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wholeSecondsUp(probe.retryAfter()))));
        }
    }

    /** Whole seconds, rounded up: a client that waits that long is never early. */
    public static long wholeSecondsUp(Duration duration) {
        long seconds = duration.toSeconds();
        return (duration.toNanosPart() > 0) ? seconds + 1 : seconds;
    }

}
