package io.cometgate.gateway.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cometgate.gateway.uid.CallerResolver;
import io.cometgate.gateway.uid.ClaimUidResolver;
import io.cometgate.gateway.uid.IdentityExtractor;
import io.cometgate.gateway.uid.PrincipalNameIdentityExtractor;
import io.cometgate.gateway.uid.SpringSecurityIdentityExtractor;
import io.cometgate.gateway.uid.UidResolver;

/**
 * Who the caller is: the identity from the authenticated principal ({@link IdentityExtractor}, by what Spring
 * Security offers) and its CometChat UID ({@link UidResolver}). Both are extension points: an application's own bean
 * replaces either. Part of {@link CometGateAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class CallerConfiguration {

    private static final String OAUTH2_TOKEN = "org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken";

    @Bean
    @ConditionalOnMissingBean
    UidResolver cometGateUidResolver() {
        return new ClaimUidResolver();
    }

    @Bean
    @ConditionalOnMissingBean
    CallerResolver cometGateCallerResolver(IdentityExtractor identityExtractor, UidResolver uidResolver) {
        return new CallerResolver(identityExtractor, uidResolver);
    }

    /** With Spring Security: identities from JWT claims, introspected attributes or OAuth2 login attributes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = OAUTH2_TOKEN)
    static class SpringSecurityIdentityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        IdentityExtractor cometGateIdentityExtractor() {
            return new SpringSecurityIdentityExtractor();
        }

    }

    /** Without Spring Security's OAuth2 resource server: the principal's name is the subject. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass(OAUTH2_TOKEN)
    static class PrincipalNameIdentityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        IdentityExtractor cometGateIdentityExtractor() {
            return new PrincipalNameIdentityExtractor();
        }

    }

}
