package io.cometgate.gateway.internal.cache;

import io.cometgate.gateway.cache.TokenCache;

import reactor.core.publisher.Mono;

import io.cometgate.gateway.client.AuthToken;
import io.cometgate.gateway.client.CometChatApp;

/** Caching switched off ({@code cometchat.token-cache.enabled=false}): every request mints. */
public final class NoTokenCache implements TokenCache {

    @Override
    public Mono<AuthToken> get(CometChatApp app, String uid) {
        return Mono.empty();
    }

    @Override
    public Mono<Void> put(CometChatApp app, String uid, AuthToken token) {
        return Mono.empty();
    }

    @Override
    public Mono<Void> evict(CometChatApp app, String uid) {
        return Mono.empty();
    }

}
