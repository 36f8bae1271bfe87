package io.cometgate.gateway.client;

import org.springframework.http.HttpHeaders;

/**
 * The rate-limit headers CometChat sends with every answer, errors included: {@code X-RateLimit-Limit} and
 * {@code X-RateLimit-Remaining} (the called operation's limit), {@code X-RateLimit-Limit-For-App} and
 * {@code X-RateLimit-Remaining-For-App} (the app's). A value CometChat did not send, or sent unreadable, is
 * {@code -1}.
 *
 * @param limit the limit of the called operation's tier, per minute
 * @param remaining what is left of it
 * @param appLimit the app's limit, per minute
 * @param appRemaining what is left of it
 */
public record CometChatRateLimitHeaders(long limit, long remaining, long appLimit, long appRemaining) {

    public static final String LIMIT = "X-RateLimit-Limit";

    public static final String REMAINING = "X-RateLimit-Remaining";

    public static final String APP_LIMIT = "X-RateLimit-Limit-For-App";

    public static final String APP_REMAINING = "X-RateLimit-Remaining-For-App";

    /** The headers of an answer; {@code null} when it carries none of them (not CometChat's answer, say). */
    public static CometChatRateLimitHeaders of(HttpHeaders headers) {
        long limit = number(headers, LIMIT);
        long remaining = number(headers, REMAINING);
        long appLimit = number(headers, APP_LIMIT);
        long appRemaining = number(headers, APP_REMAINING);
        if (limit < 0 && remaining < 0 && appLimit < 0 && appRemaining < 0) {
            return null;
        }
        return new CometChatRateLimitHeaders(limit, remaining, appLimit, appRemaining);
    }

    /** The app's remaining share, from 0 to 1; {@code -1} when the app's pair was not sent. */
    public double appRemainingShare() {
        return (this.appLimit > 0 && this.appRemaining >= 0) ? Math.min(1.0, (double) this.appRemaining / this.appLimit)
                : -1;
    }

    private static long number(HttpHeaders headers, String name) {
        String value = headers.getFirst(name);
        if (value == null) {
            return -1;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return (parsed >= 0) ? parsed : -1;
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

}
