package io.cometgate.gateway.uid;

import java.security.Principal;
import java.util.Optional;

/**
 * Turns the exchange's principal into an {@link AuthenticatedIdentity}, or nothing when the principal is not
 * authenticated (anonymous, or an authentication that failed), so that a misconfigured route still answers 401.
 */
@FunctionalInterface
public interface IdentityExtractor {

    /**
     * @param principal the exchange's principal
     * @return the identity, or empty when the principal does not prove who the caller is
     */
    Optional<AuthenticatedIdentity> extract(Principal principal);

}
