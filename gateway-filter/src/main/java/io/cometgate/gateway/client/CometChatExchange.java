package io.cometgate.gateway.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * One CometChat call, the way every typed method of {@link CometChatClient} makes it: the request (key, app and
 * operation attributes, a secret path segment kept out of the URL), the bound on each attempt, the retries of
 * transient failures, the bound on the whole call and the request's deadline, and the translation of every failure
 * into a {@link CometChatException} that carries no key, token or response body. {@link CometChatClient} says which
 * call; this class says how a call is made.
 */
final class CometChatExchange {

    private static final Logger logger = LoggerFactory.getLogger(CometChatClient.class);

    private final WebClient webClient;

    private final CometChatApp app;

    private final Duration timeout;

    private final RetrySettings retrySettings;

    private final Retry retry;

    CometChatExchange(WebClient webClient, CometChatApp app, Duration timeout, RetrySettings retrySettings) {
        this.webClient = webClient;
        this.app = app;
        this.timeout = timeout;
        this.retrySettings = retrySettings;
        this.retry = retrySettings.retries() ? retry(retrySettings) : null;
    }

    <T> Mono<T> exchange(CometChatOperation operation, HttpMethod method, String path, Object body,
            String secretPathSegment, ParameterizedTypeReference<T> type, Object... uriVariables) {
        // Built inside the deferral so that nothing is thrown before subscription.
        Mono<T> attempt = Mono.defer(() -> {
            WebClient.RequestBodySpec request = this.webClient.method(method)
                .uri(this.app.baseUrl() + path, uriVariables)
                .attribute(CometChatClient.APP_ID_ATTRIBUTE, this.app.appId())
                .attribute(CometChatClient.OPERATION_ATTRIBUTE, operation)
                .headers((headers) -> {
                    headers.set("apikey", this.app.restApiKey());
                    headers.setAccept(List.of(MediaType.APPLICATION_JSON));
                    if (secretPathSegment != null) {
                        headers.set(SecretPathSegments.HEADER, secretPathSegment);
                    }
                });
            WebClient.RequestHeadersSpec<?> withBody = (body != null)
                    ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : request;
            return withBody.exchangeToMono((response) -> decode(operation, response, type));
        })
            .timeout(this.timeout, Mono.error(() -> new CometChatTimeoutException(operation, this.timeout)))
            .onErrorMap(WebClientRequestException.class, (ex) -> translate(operation, ex));
        // Retries resubscribe to the attempt above, so every one is a whole new exchange with its own timeout.
        Mono<T> retried = (this.retry != null) ? attempt.retryWhen(this.retry) : attempt;
        Duration maxTotalTime = this.retrySettings.maxTotalTime();
        Mono<T> bounded = retried.timeout(maxTotalTime,
                Mono.error(() -> new CometChatTimeoutException(operation, maxTotalTime)));
        // The request's deadline bounds this call and its retries too, and stops any call once it has passed:
        // cancelling the exchange in flight and sending no retry.
        return Mono.deferContextual((context) -> RequestDeadline.in(context)
            .map((deadline) -> withinDeadline(operation, bounded, deadline))
            .orElse(bounded));
    }

    private static <T> Mono<T> withinDeadline(CometChatOperation operation, Mono<T> call, RequestDeadline deadline) {
        Duration remaining = deadline.remaining();
        if (remaining.compareTo(Duration.ZERO) <= 0) {
            return Mono.error(new CometChatTimeoutException(operation, deadline.budget()));
        }
        return call.timeout(remaining, Mono.error(() -> new CometChatTimeoutException(operation, deadline.budget())));
    }

    private static Retry retry(RetrySettings settings) {
        return Retry.backoff(settings.maxAttempts() - 1, settings.firstBackoff())
            .maxBackoff(settings.maxBackoff())
            .jitter(settings.jitter())
            .filter(CometChatExchange::isTransient)
            .doBeforeRetry((signal) -> logger.debug("Retrying after {} (retry {} of {})", signal.failure().getMessage(),
                    signal.totalRetries() + 1, settings.maxAttempts() - 1))
            // The caller decides on the last real failure (its status and code), not on Reactor's wrapper.
            .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    /**
     * Whether a failure is likely over by the next attempt: a network error or a 5xx. Never a 4xx (429 included:
     * CometChat says when to come back, and it is not within a retry's delay) and never a timeout (the caller's
     * patience is spent, and a hung CometChat would be hit again).
     */
    static boolean isTransient(Throwable failure) {
        return failure instanceof CometChatUnreachableException
                || (failure instanceof CometChatApiException api && api.isServerError());
    }

    private <T> Mono<T> decode(CometChatOperation operation, ClientResponse response,
            ParameterizedTypeReference<T> type) {
        if (response.statusCode().is2xxSuccessful()) {
            return response.bodyToMono(type);
        }
        Duration retryAfter = RetryAfter.of(response.headers().asHttpHeaders());
        int status = response.statusCode().value();
        // An unreadable error body still is an error with that status: never let a decoding failure hide it.
        return response.bodyToMono(ApiErrorEnvelope.class)
            .map((envelope) -> new CometChatApiException(operation, status, envelope.code(), retryAfter,
                    envelope.detailFields()))
            .onErrorResume((ex) -> Mono.empty())
            .switchIfEmpty(Mono.fromSupplier(() -> new CometChatApiException(operation, status, null, retryAfter)))
            .flatMap(Mono::error);
    }

    private RuntimeException translate(CometChatOperation operation, WebClientRequestException ex) {
        // The wrapper's message holds the request URL, which for token calls holds the token: keep only the root.
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ReadTimeoutException || root instanceof TimeoutException) {
            return new CometChatTimeoutException(operation, this.timeout);
        }
        return new CometChatUnreachableException(operation, root == ex ? new RuntimeException("request failed") : root);
    }


}
