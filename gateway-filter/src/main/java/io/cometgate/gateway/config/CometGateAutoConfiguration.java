package io.cometgate.gateway.config;

import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.cloud.gateway.config.conditional.ConditionalOnEnabledFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cometgate.gateway.audit.AuditLog;
import io.cometgate.gateway.client.CometChatApp;
import io.cometgate.gateway.client.CometChatClient;
import io.cometgate.gateway.client.CometChatConnections;
import io.cometgate.gateway.filter.factory.CometChatTokenGatewayFilterFactory;
import io.cometgate.gateway.token.TokenMinter;
import io.cometgate.gateway.uid.CallerResolver;
import io.cometgate.gateway.uid.ClaimUidResolver;
import io.cometgate.gateway.uid.IdentityExtractor;
import io.cometgate.gateway.uid.PrincipalNameIdentityExtractor;
import io.cometgate.gateway.uid.SpringSecurityIdentityExtractor;
import io.cometgate.gateway.uid.UidResolver;
import io.cometgate.gateway.web.GatewayErrorMapper;
import io.cometgate.gateway.web.JsonResponseWriter;

/**
 * Registers the CometChat gateway filters and what they need. Every bean backs off when the application declares
 * its own; the token filter can be switched off with
 * {@code spring.cloud.gateway.server.webflux.filter.comet-chat-token.enabled=false}, everything with
 * {@code cometchat.enabled=false}.
 */
@AutoConfiguration(before = GatewayAutoConfiguration.class)
@ConditionalOnClass(AbstractGatewayFilterFactory.class)
@ConditionalOnProperty(name = { "spring.cloud.gateway.server.webflux.enabled", "cometchat.enabled" },
        matchIfMissing = true)
@EnableConfigurationProperties(CometChatProperties.class)
public class CometGateAutoConfiguration {

    /** The most connections open to CometChat at once, per gateway replica. */
    static final int MAX_CONNECTIONS = 500;

    @Bean
    @ConditionalOnMissingBean
    CometChatConnections cometChatConnections(CometChatProperties properties,
            ObjectProvider<ObservationRegistry> observationRegistry) {
        return new CometChatConnections(properties.getConnectTimeout(), properties.getResponseTimeout(),
                MAX_CONNECTIONS, observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
    }

    @Bean
    @ConditionalOnMissingBean
    CometChatClient cometChatClient(CometChatProperties properties, CometChatConnections connections) {
        CometChatApp app = CometChatApp.of(properties.getAppId(), properties.getRegion(), properties.getRestApiKey(),
                properties.getBaseUrl());
        // The whole call, connection included, is bounded: connect, then wait for the answer.
        return new CometChatClient(connections.webClient(), app,
                properties.getConnectTimeout().plus(properties.getResponseTimeout()));
    }

    @Bean
    @ConditionalOnMissingBean
    UidResolver cometChatUidResolver() {
        return new ClaimUidResolver();
    }

    @Bean
    @ConditionalOnMissingBean
    CallerResolver cometChatCallerResolver(IdentityExtractor identityExtractor, UidResolver uidResolver) {
        return new CallerResolver(identityExtractor, uidResolver);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenMinter cometChatTokenMinter() {
        return new TokenMinter();
    }

    @Bean
    @ConditionalOnMissingBean
    GatewayErrorMapper cometChatGatewayErrorMapper() {
        return new GatewayErrorMapper();
    }

    @Bean
    @ConditionalOnMissingBean
    JsonResponseWriter cometChatJsonResponseWriter() {
        // A mapper of our own: the answer's field names are a contract, whatever the application's Jackson settings.
        return new JsonResponseWriter(JsonMapper.builder().build());
    }

    @Bean
    @ConditionalOnMissingBean
    AuditLog cometChatAuditLog() {
        return new AuditLog();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnEnabledFilter
    CometChatTokenGatewayFilterFactory cometChatTokenGatewayFilterFactory(CometChatProperties properties,
            CometChatClient client, CallerResolver callerResolver, TokenMinter tokenMinter,
            JsonResponseWriter responseWriter, GatewayErrorMapper errorMapper, AuditLog auditLog) {
        return new CometChatTokenGatewayFilterFactory(properties, client, callerResolver, tokenMinter,
                responseWriter, errorMapper, auditLog);
    }

    /** With Spring Security: identities from JWT claims, introspected attributes or OAuth2 login attributes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken")
    static class SpringSecurityIdentityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        IdentityExtractor cometChatIdentityExtractor() {
            return new SpringSecurityIdentityExtractor();
        }

    }

    /** Without Spring Security's OAuth2 resource server: the principal's name is the subject. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken")
    static class PrincipalNameIdentityConfiguration {

        @Bean
        @ConditionalOnMissingBean
        IdentityExtractor cometChatIdentityExtractor() {
            return new PrincipalNameIdentityExtractor();
        }

    }

}
