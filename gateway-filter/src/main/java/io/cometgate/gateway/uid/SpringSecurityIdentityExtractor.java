package io.cometgate.gateway.uid;

import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/**
 * The identity of a Spring Security {@link Authentication}: the token attributes of a resource server's
 * authentication (JWT claims from {@code JwtAuthenticationToken}, introspected attributes from
 * {@code BearerTokenAuthentication}), the attributes of an OAuth2 login user, or else the principal's name as
 * {@code sub}. Anonymous or unauthenticated principals have no identity.
 */
public final class SpringSecurityIdentityExtractor implements IdentityExtractor {

    @Override
    public Optional<AuthenticatedIdentity> extract(Principal principal) {
        if (!(principal instanceof Authentication authentication)) {
            return new PrincipalNameIdentityExtractor().extract(principal);
        }
        if (!authentication.isAuthenticated() || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        String name = authentication.getName();
        boolean named = name != null && !name.isBlank();
        if (!named && !carriesClaims(authentication)) {
            return Optional.empty();
        }
        // A validated JWT without its name claim (sub) is still an authenticated caller: the UID resolver answers
        // 403 UID_CLAIM_MISSING naming the claim, rather than a 401 asking for the token the caller did send.
        return Optional.of(new AuthenticatedIdentity(named ? name : null, claimsOf(authentication)));
    }

    private static boolean carriesClaims(Authentication authentication) {
        return authentication instanceof AbstractOAuth2TokenAuthenticationToken<?>
                || authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal;
    }

    private static Map<String, Object> claimsOf(Authentication authentication) {
        if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token) {
            return token.getTokenAttributes();
        }
        if (authentication.getPrincipal() instanceof OAuth2AuthenticatedPrincipal oauth2) {
            return oauth2.getAttributes();
        }
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", authentication.getName());
        return claims;
    }

}
