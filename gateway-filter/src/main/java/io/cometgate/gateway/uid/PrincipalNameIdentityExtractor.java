package io.cometgate.gateway.uid;

import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * The identity of a principal when Spring Security is not on the classpath: its name, as the {@code sub} claim.
 */
public final class PrincipalNameIdentityExtractor implements IdentityExtractor {

    @Override
    public Optional<AuthenticatedIdentity> extract(Principal principal) {
        String name = principal.getName();
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new AuthenticatedIdentity(name, Map.of("sub", name)));
    }

}
