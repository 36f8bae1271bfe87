package io.cometgate.gateway.internal.token;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.AuthTokenPage;
import io.cometgate.gateway.client.CometChatApiException;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatErrorCodes;
import io.cometgate.gateway.client.CometChatException;

/**
 * Bounds the age of a user's CometChat tokens, which CometChat never expires: after each new mint for a user, revokes
 * that user's tokens older than the maximum age.
 * <p>
 * Costs per mint: one listing (two when the user has more than a page of tokens: the oldest are on the last page, as
 * CometChat lists newest first) and at most {@code maxRevocationsPerMint} deletions. Every call goes through the
 * same client, so it spends the upstream budget and counts in the request's {@code upstreamCalls}. The clean-up
 * never fails the mint: when the budget is spent, calls are paused after a CometChat 429, CometChat answers 429, or
 * anything else goes wrong, what is left is deferred to the user's next mint, and counted.
 * <p>
 * Only tokens older than the maximum age are touched, so a token another replica has just minted (or the one just
 * minted here) is never revoked; and since the cache keeps a token no longer than the maximum age, the one the cache
 * hands out is not revoked while it is handed out.
 * <p>
 * Meters: {@code cometgate.tokens.revoked} ({@code reason=max-age}), tokens revoked for their age, and
 * {@code cometgate.tokens.revocations.deferred}, mints whose clean-up was skipped or cut short.
 */
public final class AgedTokenRevoker {

    private static final Logger logger = LoggerFactory.getLogger(AgedTokenRevoker.class);

    /** The most revocations one mint makes: the clean-up must not turn a login into a burst of calls. */
    public static final int DEFAULT_MAX_REVOCATIONS_PER_MINT = 10;

    /** Revokes nothing: tokens live until revoked otherwise ({@code cometchat.token-max-age=none}). */
    public static final AgedTokenRevoker NONE = new AgedTokenRevoker();

    private final Duration maxAge;

    private final int maxRevocationsPerMint;

    private final Clock clock;

    private final Counter revoked;

    private final Counter deferred;

    private AgedTokenRevoker() {
        this.maxAge = null;
        this.maxRevocationsPerMint = 0;
        this.clock = null;
        this.revoked = null;
        this.deferred = null;
    }

    /**
     * @param maxAge the oldest a token may be
     * @param maxRevocationsPerMint the most tokens revoked after one mint
     * @param clock the clock tokens' ages are measured with
     * @param registry where the counters are registered
     */
    public AgedTokenRevoker(Duration maxAge, int maxRevocationsPerMint, Clock clock, MeterRegistry registry) {
        Assert.isTrue(maxAge != null && maxAge.compareTo(Duration.ZERO) > 0, "maxAge must be positive");
        Assert.isTrue(maxRevocationsPerMint > 0, "maxRevocationsPerMint must be positive");
        Assert.notNull(clock, "clock cannot be null");
        Assert.notNull(registry, "registry cannot be null");
        this.maxAge = maxAge;
        this.maxRevocationsPerMint = maxRevocationsPerMint;
        this.clock = clock;
        this.revoked = Counter.builder("cometgate.tokens.revoked")
            .description("CometChat auth tokens revoked by CometGate")
            .tag("reason", "max-age")
            .register(registry);
        this.deferred = Counter.builder("cometgate.tokens.revocations.deferred")
            .description("Mints whose revocation of aged tokens was skipped or cut short, left to the next mint")
            .register(registry);
    }

    /** The maximum age, or {@code null} when tokens are not aged out. */
    public Duration maxAge() {
        return this.maxAge;
    }

    /**
     * Revokes the user's tokens older than the maximum age, oldest first, within the bound. Never fails.
     * @param client the client of the user's app
     * @param uid the user
     * @param minted the token just minted, never revoked
     * @return completes when done, or when the rest was deferred
     */
    public Mono<Void> revokeAged(CometChatClient client, String uid, AuthToken minted) {
        if (this.maxAge == null) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            long cutoff = this.clock.instant().minus(this.maxAge).getEpochSecond();
            AtomicInteger revokedNow = new AtomicInteger();
            return agedTokens(client, uid, cutoff, minted).flatMap((aged) -> {
                List<AuthToken> now = aged.tokens().subList(0, Math.min(aged.tokens().size(),
                        this.maxRevocationsPerMint));
                return Flux.fromIterable(now)
                    // One at a time: a spent budget or a 429 stops the rest rather than failing them all at once.
                    .concatMap((token) -> client.deleteAuthToken(uid, token.authToken())
                        .doOnSuccess((ignored) -> revokedNow.incrementAndGet())
                        .onErrorResume((ex) -> CometChatErrorCodes.is(ex, CometChatErrorCodes.AUTH_TOKEN_NOT_FOUND),
                                (ex) -> Mono.empty()))
                    .then(Mono.fromRunnable(() -> {
                        if (aged.more() || aged.tokens().size() > now.size()) {
                            this.deferred.increment();
                        }
                    }));
            })
                .then()
                .onErrorResume((ex) -> {
                    this.deferred.increment();
                    // The type only, as GatewayErrorMapper logs it: a message may carry more than the log should.
                    if (isHeldBack(ex)) {
                        logger.debug("Revocation of aged tokens of user {} deferred to its next mint: {}", uid,
                                ex.getClass().getSimpleName());
                    }
                    else {
                        logger.warn("Revocation of aged tokens of user {} failed, deferred to its next mint: {}", uid,
                                ex.getClass().getSimpleName());
                    }
                    return Mono.empty();
                })
                .doFinally((signal) -> this.revoked.increment(revokedNow.get()));
        });
    }

    /** The user's aged tokens, oldest first, and whether more may hide in pages not read. */
    private Mono<Aged> agedTokens(CometChatClient client, String uid, long cutoff, AuthToken minted) {
        return client.listAuthTokens(uid, 1, AuthTokenPage.MAX_PER_PAGE).flatMap((first) -> {
            if (!first.hasNext()) {
                return Mono.just(aged(List.of(first), cutoff, minted, false));
            }
            // Newest first: the oldest tokens are on the last page. Pages in between are read by later mints, once
            // the last ones are revoked (they may hold aged tokens when the last page starts with one).
            return client.listAuthTokens(uid, first.totalPages(), AuthTokenPage.MAX_PER_PAGE)
                .map((lastPage) -> aged(List.of(first, lastPage), cutoff, minted,
                        first.totalPages() > 2 && !lastPage.tokens().isEmpty()
                                && isAged(lastPage.tokens().get(0), cutoff)));
        });
    }

    private static boolean isAged(AuthToken token, long cutoff) {
        return token != null && token.createdAt() < cutoff;
    }

    private static Aged aged(List<AuthTokenPage> pages, long cutoff, AuthToken minted, boolean pagesSkipped) {
        Map<String, AuthToken> byToken = new LinkedHashMap<>();
        for (AuthTokenPage page : pages) {
            for (AuthToken token : page.tokens()) {
                if (isAged(token, cutoff) && !token.authToken().equals(minted.authToken())) {
                    byToken.putIfAbsent(token.authToken(), token);
                }
            }
        }
        List<AuthToken> oldestFirst = new ArrayList<>(byToken.values());
        oldestFirst.sort(Comparator.comparingLong(AuthToken::createdAt));
        return new Aged(oldestFirst, pagesSkipped);
    }

    /**
     * Whether the clean-up was held back rather than broken: by CometChat's 429, or by the gateway's own guards
     * (the upstream budget, the pause after a 429), whose refusals are not CometChat's answers.
     */
    private static boolean isHeldBack(Throwable failure) {
        return !(failure instanceof CometChatException)
                || (failure instanceof CometChatApiException api && api.isRateLimited());
    }

    /**
     * @param tokens the aged tokens found, oldest first
     * @param more whether pages between the first and the last were not read (and may hold aged tokens too)
     */
    private record Aged(List<AuthToken> tokens, boolean more) {
    }

}
