package io.cometgate.gateway.uid;

import reactor.core.publisher.Mono;

/**
 * Decides the CometChat UID of an authenticated caller. Declare a bean of this type to replace the default
 * {@link ClaimUidResolver}, for example to look the UID up in a directory. Whatever it does, it must derive the UID
 * from the identity only: the identity is the one thing in a request that the caller cannot choose.
 */
@FunctionalInterface
public interface UidResolver {

    /**
     * @param identity the authenticated caller
     * @param policy the route's UID policy
     * @return a valid CometChat UID, or an error: {@link UidClaimMissingException} when the identity lacks what the
     * policy needs
     */
    Mono<String> resolve(AuthenticatedIdentity identity, UidPolicy policy);

}
