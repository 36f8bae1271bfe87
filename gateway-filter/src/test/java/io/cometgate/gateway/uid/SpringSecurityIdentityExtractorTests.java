package io.cometgate.gateway.uid;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

class SpringSecurityIdentityExtractorTests {

    private final SpringSecurityIdentityExtractor extractor = new SpringSecurityIdentityExtractor();

    @Test
    void extractWhenJwtThenItsClaims() {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("auth0|abc").claim("email", "a@b.c")
            .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
        assertThat(this.extractor.extract(new JwtAuthenticationToken(jwt, AuthorityUtils.NO_AUTHORITIES))).hasValueSatisfying((identity) -> {
            assertThat(identity.stringClaim("sub")).isEqualTo("auth0|abc");
            assertThat(identity.stringClaim("email")).isEqualTo("a@b.c");
        });
    }

    @Test
    void extractWhenIntrospectedTokenThenItsAttributes() {
        DefaultOAuth2AuthenticatedPrincipal principal = new DefaultOAuth2AuthenticatedPrincipal("alice",
                Map.of("sub", "alice-sub", "name", "Alice"), AuthorityUtils.NO_AUTHORITIES);
        OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "opaque", Instant.now(),
                Instant.now().plusSeconds(60));
        assertThat(this.extractor.extract(new BearerTokenAuthentication(principal, token, List.of())))
            .hasValueSatisfying((identity) -> assertThat(identity.stringClaim("sub")).isEqualTo("alice-sub"));
    }

    @Test
    void extractWhenOtherAuthenticationThenItsNameIsTheSubject() {
        UsernamePasswordAuthenticationToken authenticated = UsernamePasswordAuthenticationToken.authenticated("bob",
                null, AuthorityUtils.NO_AUTHORITIES);
        assertThat(this.extractor.extract(authenticated))
            .hasValueSatisfying((identity) -> assertThat(identity.stringClaim("sub")).isEqualTo("bob"));
    }

    @Test
    void extractWhenAnonymousOrUnauthenticatedThenNoIdentity() {
        assertThat(this.extractor.extract(new AnonymousAuthenticationToken("key", "anonymousUser",
                AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")))).isEmpty();
        assertThat(this.extractor.extract(UsernamePasswordAuthenticationToken.unauthenticated("mallory", "pw"))).isEmpty();
    }

    @Test
    void extractWhenJwtHasNoSubThenIdentityWithItsClaimsSoTheUidClaimIsReportedMissing() {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").claim("email", "a@b.c")
            .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
        assertThat(this.extractor.extract(new JwtAuthenticationToken(jwt, AuthorityUtils.NO_AUTHORITIES)))
            .hasValueSatisfying((identity) -> {
                assertThat(identity.name()).isNull();
                assertThat(identity.stringClaim("sub")).isNull();
                assertThat(identity.stringClaim("email")).isEqualTo("a@b.c");
            });
        reactor.test.StepVerifier
            .create(new ClaimUidResolver().resolve(new AuthenticatedIdentity(null, Map.of("email", "a@b.c")),
                    UidPolicy.of("sub", "")))
            .expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(UidClaimMissingException.class)
                .extracting("claim").isEqualTo("sub"))
            .verify();
    }

    @Test
    void resolveWhenUidClaimIsAnIntegerThenItsDecimalTextAndWhenArrayOrObjectThenMissing() {
        ClaimUidResolver resolver = new ClaimUidResolver();
        reactor.test.StepVerifier
            .create(resolver.resolve(new AuthenticatedIdentity(null, Map.of("user_id", 12345L)), UidPolicy.of("user_id", "")))
            .expectNext("12345")
            .verifyComplete();
        for (Object notAnId : List.of(List.of("a", "b"), Map.of("x", 1), true, 1.5)) {
            reactor.test.StepVerifier
                .create(resolver.resolve(new AuthenticatedIdentity(null, Map.of("user_id", notAnId)),
                        UidPolicy.of("user_id", "")))
                .expectError(UidClaimMissingException.class)
                .verify();
        }
    }

}
