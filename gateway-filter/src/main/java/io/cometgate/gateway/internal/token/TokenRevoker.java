package io.cometgate.gateway.internal.token;

import io.cometgate.gateway.config.LogoutScope;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;

import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.client.CometChatErrorCodes;
import io.cometgate.gateway.client.CometChatClient;

/**
 * Logs a user out of CometChat: revokes its token (or all its tokens) at CometChat and evicts the cache. Idempotent:
 * a token or user CometChat no longer knows counts as already revoked.
 */
public final class TokenRevoker {

    private final TokenCache cache;

    public TokenRevoker(TokenCache cache) {
        Assert.notNull(cache, "cache cannot be null");
        this.cache = cache;
    }

    /**
     * @param client the client of the user's app
     * @param uid the user
     * @param scope what to revoke
     * @return what was revoked, for the audit line: {@code REVOKED_CACHED_TOKEN} or {@code REVOKED_ALL_TOKENS}
     */
    public Mono<String> logout(CometChatClient client, String uid, LogoutScope scope) {
        Mono<String> revoked = (scope == LogoutScope.ALL_TOKENS) ? revokeAll(client, uid)
                : this.cache.get(client.app(), uid)
                    .flatMap((cached) -> client.deleteAuthToken(uid, cached.authToken())
                        .onErrorResume(TokenRevoker::alreadyGone, (ex) -> Mono.empty())
                        .thenReturn("REVOKED_CACHED_TOKEN"))
                    .switchIfEmpty(Mono.defer(() -> revokeAll(client, uid)));
        // Evicted even when revocation failed half way: a cached token must never outlive a logout.
        return revoked.flatMap((outcome) -> this.cache.evict(client.app(), uid).thenReturn(outcome))
            .onErrorResume((ex) -> this.cache.evict(client.app(), uid).then(Mono.error(ex)));
    }

    private static Mono<String> revokeAll(CometChatClient client, String uid) {
        return client.flushAuthTokens(uid)
            .onErrorResume(TokenRevoker::alreadyGone, (ex) -> Mono.empty())
            .thenReturn("REVOKED_ALL_TOKENS");
    }

    private static boolean alreadyGone(Throwable ex) {
        return CometChatErrorCodes.is(ex, CometChatErrorCodes.AUTH_TOKEN_NOT_FOUND, CometChatErrorCodes.UID_NOT_FOUND);
    }

}
