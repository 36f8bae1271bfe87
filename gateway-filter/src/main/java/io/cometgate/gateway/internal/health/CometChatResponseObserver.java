package io.cometgate.gateway.internal.health;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import io.cometgate.gateway.client.CometChatClient;

/**
 * Learns from every answer CometChat gives, at no cost: a refused key ({@code 401}, {@code 403}), a plan quota
 * ({@code 402} to a user creation), a key that works again, and CometChat's own rate-limit headers. Only reads the
 * status and headers, never the body, and never changes the answer.
 */
public final class CometChatResponseObserver implements ExchangeFilterFunction {

    /** App-wide first: the live API sends both; the per-tier pair is the fallback, then the docs' spelling. */
    private static final String[][] RATE_LIMIT_HEADERS = { { "X-RateLimit-Remaining-For-App", "X-RateLimit-Limit-For-App" },
            { "X-RateLimit-Remaining", "X-RateLimit-Limit" }, { "X-Rate-Limit-Remaining", "X-Rate-Limit" } };

    private final CometChatAppStates states;

    public CometChatResponseObserver(CometChatAppStates states) {
        Assert.notNull(states, "states cannot be null");
        this.states = states;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return next.exchange(request).doOnNext((response) -> request.attribute(CometChatClient.APP_ID_ATTRIBUTE)
            .ifPresent((appId) -> observe(this.states.state(appId.toString()), request, response)));
    }

    private static void observe(CometChatAppState state, ClientRequest request, ClientResponse response) {
        int status = response.statusCode().value();
        if (status == 401 || status == 403) {
            state.keyRejected();
        }
        else if (status < 500 && status != 429) {
            // Any other answer means the key was accepted (a 404 for an unknown user included).
            state.keyAccepted();
        }
        if (isUserCreation(request)) {
            if (status == 402) {
                state.quotaReached();
            }
            else if (response.statusCode().is2xxSuccessful()) {
                state.userCreated();
            }
        }
        rateLimit(state, response.headers().asHttpHeaders());
    }

    private static boolean isUserCreation(ClientRequest request) {
        return HttpMethod.POST.equals(request.method()) && request.url().getPath().endsWith("/users");
    }

    private static void rateLimit(CometChatAppState state, HttpHeaders headers) {
        for (String[] pair : RATE_LIMIT_HEADERS) {
            Double remaining = number(headers.getFirst(pair[0]));
            Double limit = number(headers.getFirst(pair[1]));
            if (remaining != null && limit != null) {
                state.rateLimit(remaining, limit);
                return;
            }
        }
    }

    private static Double number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Double.valueOf(value.trim());
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }

}
