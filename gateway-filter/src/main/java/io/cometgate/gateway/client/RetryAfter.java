package io.cometgate.gateway.client;

import java.time.Duration;

import org.springframework.http.HttpHeaders;

/**
 * CometChat's {@code Retry-After}, read one way everywhere: whole seconds; anything else (absent, zero, an HTTP date,
 * garbage) counts as "not advertised", and those who must wait then wait {@link #DEFAULT}.
 */
public final class RetryAfter {

    /** The wait when CometChat advertises none: it usually sends 15 seconds with its 429. */
    public static final Duration DEFAULT = Duration.ofSeconds(15);

    private RetryAfter() {
    }

    /** The advertised wait, or {@code null}. */
    public static Duration of(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return (seconds > 0) ? Duration.ofSeconds(seconds) : null;
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }

    /** The advertised wait, or {@link #DEFAULT}. */
    public static Duration orDefault(Duration advertised) {
        return (advertised != null) ? advertised : DEFAULT;
    }

}
