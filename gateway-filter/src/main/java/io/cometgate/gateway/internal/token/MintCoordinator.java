package io.cometgate.gateway.internal.token;

import java.util.function.Supplier;

import reactor.core.publisher.Mono;

import io.cometgate.gateway.client.CometChatApp;

/**
 * Makes replicas mint a user's token once between them: the first mints, the others wait briefly for its result.
 * Without a shared store ({@link #UNCOORDINATED}), each replica mints on its own.
 */
@FunctionalInterface
public interface MintCoordinator {

    /** Each replica mints on its own. */
    MintCoordinator UNCOORDINATED = (app, uid, mint) -> mint.get();

    /**
     * @param app the CometChat app
     * @param uid the user
     * @param mint mints (and caches) the token; called by at most one replica at a time, or by this one when waiting
     * did not pay off
     * @return the token
     */
    Mono<MintedToken> coordinate(CometChatApp app, String uid, Supplier<Mono<MintedToken>> mint);

}
