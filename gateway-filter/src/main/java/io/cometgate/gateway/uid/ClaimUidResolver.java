package io.cometgate.gateway.uid;

import reactor.core.publisher.Mono;

/**
 * The default {@link UidResolver}: the UID is the policy's claim (by default {@code sub}) mapped by
 * {@link CometChatUidMapper}.
 */
public final class ClaimUidResolver implements UidResolver {

    @Override
    public Mono<String> resolve(AuthenticatedIdentity identity, UidPolicy policy) {
        return Mono.fromSupplier(() -> {
            String subject = identity.stringClaim(policy.claim());
            if (subject == null) {
                throw new UidClaimMissingException(policy.claim());
            }
            return policy.mapper().toUid(subject);
        });
    }

}
