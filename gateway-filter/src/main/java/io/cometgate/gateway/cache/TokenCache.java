package io.cometgate.gateway.cache;

import io.cometgate.gateway.internal.cache.UnforgettableEvictions;

import reactor.core.publisher.Mono;

import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatApp;

/**
 * CometChat auth tokens already minted, by app and UID, so that a page load does not mint a new one: CometChat keeps
 * only a user's 100 newest tokens valid, so minting on every load silently logs out older devices.
 * <p>
 * A cache never fails a request: an unreachable store or an unreadable entry is a miss, and a failed write is
 * ignored. An eviction is the exception: losing one would hand out a logged-out user's token, so a shared store
 * reports it (see {@link #evict}).
 */
public interface TokenCache {

    /**
     * @param app the CometChat app
     * @param uid the user
     * @return the cached token, or empty on a miss
     */
    Mono<AuthToken> get(CometChatApp app, String uid);

    /**
     * Stores (or replaces) a user's token.
     * @param app the CometChat app
     * @param uid the user
     * @param token the token
     * @return completes when stored, or when the store gave up
     */
    Mono<Void> put(CometChatApp app, String uid, AuthToken token);

    /**
     * Forgets a user's token, for example after it was revoked.
     * @param app the CometChat app
     * @param uid the user
     * @return completes when evicted; a shared store fails when it could not take the eviction (wrap it in
     * {@link UnforgettableEvictions}, which retries it until it does)
     */
    Mono<Void> evict(CometChatApp app, String uid);

}
