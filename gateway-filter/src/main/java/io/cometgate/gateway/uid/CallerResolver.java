package io.cometgate.gateway.uid;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finds the caller of an exchange from its authenticated principal only. The body, the query string and the headers
 * are never read: a caller must not be able to choose whose token it gets.
 * <p>
 * No principal, or one that is not authenticated, is an {@link UnauthenticatedException} (401) even when the route's
 * security was forgotten: defence in depth.
 */
public final class CallerResolver {

    private final IdentityExtractor identityExtractor;

    private final UidResolver uidResolver;

    public CallerResolver(IdentityExtractor identityExtractor, UidResolver uidResolver) {
        Assert.notNull(identityExtractor, "identityExtractor cannot be null");
        Assert.notNull(uidResolver, "uidResolver cannot be null");
        this.identityExtractor = identityExtractor;
        this.uidResolver = uidResolver;
    }

    /**
     * @param exchange the exchange
     * @param policy the route's UID policy
     * @return the caller, or an error: {@link UnauthenticatedException}, {@link UidClaimMissingException}
     */
    public Mono<Caller> resolve(ServerWebExchange exchange, UidPolicy policy) {
        return exchange.getPrincipal()
            .flatMap((principal) -> Mono.justOrEmpty(this.identityExtractor.extract(principal)))
            .switchIfEmpty(Mono.error(UnauthenticatedException::new))
            .flatMap((identity) -> this.uidResolver.resolve(identity, policy)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("The UidResolver returned no UID")))
                .map((uid) -> {
                    if (!CometChatUidMapper.isValidUid(uid)) {
                        // A custom resolver's bug must not turn into a CometChat 400 or a path injection.
                        throw new IllegalStateException("The UidResolver returned an invalid CometChat UID");
                    }
                    return new Caller(identity, uid);
                }));
    }

}
