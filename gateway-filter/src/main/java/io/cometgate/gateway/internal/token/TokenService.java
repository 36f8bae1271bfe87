package io.cometgate.gateway.internal.token;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;

/**
 * A user's token, at the least cost to CometChat: from the cache when it holds one; otherwise minted once, however
 * many requests for the same user arrive together: requests of one replica share one mint ({@link #inFlight}),
 * and replicas share one through the {@link MintCoordinator}. A minted token is cached for the next page load.
 * <p>
 * A fresh token (the client's CometChat login said {@code AUTH_ERR_AUTH_TOKEN_NOT_FOUND}) skips the cache, is minted
 * with {@code force}, and replaces the cached one.
 */
public final class TokenService {

    private final TokenMinter minter;

    private final TokenCache cache;

    private final MintCoordinator coordinator;

    // One mint in flight per app and user in this replica; every concurrent request subscribes to it.
    private final Map<String, Mono<MintedToken>> inFlight = new ConcurrentHashMap<>();

    private final TokenMetrics metrics;

    public TokenService(TokenMinter minter, TokenCache cache, MintCoordinator coordinator) {
        this(minter, cache, coordinator, TokenMetrics.NONE);
    }

    public TokenService(TokenMinter minter, TokenCache cache, MintCoordinator coordinator, TokenMetrics metrics) {
        Assert.notNull(minter, "minter cannot be null");
        Assert.notNull(cache, "cache cannot be null");
        Assert.notNull(coordinator, "coordinator cannot be null");
        Assert.notNull(metrics, "metrics cannot be null");
        this.minter = minter;
        this.cache = cache;
        this.coordinator = coordinator;
        this.metrics = metrics;
    }

    /**
     * @param client the client of the user's app
     * @param uid the user
     * @param profile the profile to create the user with on first login; read only then, not on a cache hit
     * @param provision whether to create missing users
     * @return the token: cached, shared or minted
     */
    public Mono<MintedToken> token(CometChatClient client, String uid, Supplier<UserProfile> profile,
            boolean provision) {
        return cached(client.app(), uid).map(Optional::of)
            .defaultIfEmpty(Optional.empty())
            .flatMap((cached) -> token(client, uid, profile, provision, cached));
    }

    /**
     * The user's cached token, read on its own so that a caller can start the read early (alongside the rate-limit
     * decision) and hand the result to {@link #token(CometChatClient, String, Supplier, boolean, Optional)}.
     * @param app the user's app
     * @param uid the user
     * @return the cached token, or empty (the cache never fails)
     */
    public Mono<AuthToken> cached(CometChatApp app, String uid) {
        return this.cache.get(app, uid);
    }

    /**
     * @param client the client of the user's app
     * @param uid the user
     * @param profile the profile to create the user with on first login; read only then, not on a cache hit
     * @param provision whether to create missing users
     * @param cached what {@link #cached(CometChatApp, String)} found
     * @return the cached token, or one shared with a mint in flight, or minted
     */
    public Mono<MintedToken> token(CometChatClient client, String uid, Supplier<UserProfile> profile,
            boolean provision, Optional<AuthToken> cached) {
        if (cached.isPresent()) {
            this.metrics.cacheHit();
            return Mono.just(new MintedToken(cached.get(), MintOutcome.CACHED));
        }
        this.metrics.cacheMiss();
        return Mono.defer(() -> sharedMint(client, uid, profile, provision));
    }

    /**
     * A new token, forced, replacing the cached one.
     * @param client the client of the user's app
     * @param uid the user
     * @param profile the profile to create the user with if it does not exist
     * @param provision whether to create missing users
     * @return the new token
     */
    public Mono<MintedToken> freshToken(CometChatClient client, String uid, Supplier<UserProfile> profile,
            boolean provision) {
        return this.minter.mint(client, uid, profile, provision, true)
            .flatMap((minted) -> this.cache.put(client.app(), uid, minted.token())
                .thenReturn(new MintedToken(minted.token(), MintOutcome.FRESH)));
    }

    /**
     * The cache read again once this request may mint: the miss that brought it here may be older than a mint that
     * another request finished meanwhile (the read goes out with the rate-limit decision, before it), and minting
     * again would hand the user a second token.
     */
    private Mono<MintedToken> cachedSinceMiss(CometChatApp app, String uid) {
        return this.cache.get(app, uid).map((token) -> new MintedToken(token, MintOutcome.SHARED));
    }

    private Mono<MintedToken> sharedMint(CometChatClient client, String uid, Supplier<UserProfile> profile,
            boolean provision) {
        String key = client.app().appId() + ":" + uid;
        // Assembled only: nothing runs unless this request is the first and subscribes.
        Mono<MintedToken> mint = Mono.defer(() -> this.coordinator
            .coordinate(client.app(), uid, () -> cachedSinceMiss(client.app(), uid)
                .switchIfEmpty(Mono.defer(() -> this.minter.mint(client, uid, profile, provision, false)
                    .flatMap((minted) -> this.cache.put(client.app(), uid, minted.token()).thenReturn(minted))))))
            // Once per mint, not per request joining it: the coordinator found another replica's token.
            .doOnNext((minted) -> {
                if (minted.outcome() == MintOutcome.SHARED) {
                    this.metrics.foundMintOfAnotherReplica();
                }
            })
            .doFinally((signal) -> this.inFlight.remove(key))
            .cache();
        Mono<MintedToken> running = this.inFlight.putIfAbsent(key, mint);
        if (running == null) {
            return mint;
        }
        // Requests that joined another's mint made no call of their own: say so in their audit line.
        this.metrics.joinedMintInReplica();
        return running.map((minted) -> new MintedToken(minted.token(), MintOutcome.SHARED));
    }

}
