package io.cometgate.gateway.config;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cometgate.gateway.internal.cache.NoTokenCache;
import io.cometgate.gateway.cache.TokenCache;
import io.cometgate.gateway.internal.token.AgedTokenRevoker;
import io.cometgate.gateway.internal.token.MintCoordinator;
import io.cometgate.gateway.internal.token.TokenMetrics;
import io.cometgate.gateway.internal.token.TokenMinter;
import io.cometgate.gateway.internal.token.TokenRevoker;
import io.cometgate.gateway.internal.token.TokenService;

/**
 * A user's token: minting (and creating the user), revoking aged tokens, logout, and the per-replica defaults for
 * what Redis would share ({@link NoTokenCache}, uncoordinated mints), which back off when
 * {@link CometGateRedisAutoConfiguration} declared its own. Part of {@link CometGateAutoConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AgedTokenRevoker cometGateAgedTokenRevoker(CometChatProperties properties,
            ObjectProvider<MeterRegistry> meterRegistry) {
        return properties.isRevokeAgedTokens()
                ? new AgedTokenRevoker(properties.getTokenMaxAge(), AgedTokenRevoker.DEFAULT_MAX_REVOCATIONS_PER_MINT,
                        Clock.systemUTC(), meterRegistry.getIfUnique(() -> Metrics.globalRegistry))
                : AgedTokenRevoker.NONE;
    }

    @Bean
    @ConditionalOnMissingBean
    TokenMinter cometGateTokenMinter(CometChatProperties properties, AgedTokenRevoker agedTokenRevoker) {
        return new TokenMinter(properties.getProvisioning().isReactivateDeactivated(), agedTokenRevoker);
    }

    @Bean
    @ConditionalOnMissingBean
    MintCoordinator cometGateUncoordinatedMints() {
        // Without Redis, or with the token cache off: no lock to share, each replica mints for itself.
        return MintCoordinator.UNCOORDINATED;
    }

    @Bean
    @ConditionalOnMissingBean
    TokenService cometGateTokenService(TokenMinter minter, TokenCache cache, MintCoordinator coordinator,
            ObjectProvider<MeterRegistry> meterRegistry) {
        return new TokenService(minter, cache, coordinator,
                new TokenMetrics(meterRegistry.getIfUnique(() -> Metrics.globalRegistry)));
    }

    @Bean
    @ConditionalOnMissingBean
    TokenRevoker cometGateTokenRevoker(TokenCache cache) {
        return new TokenRevoker(cache);
    }

    @Bean
    @ConditionalOnMissingBean
    TokenCache cometGateNoTokenCache() {
        // Without Redis, or with cometchat.token-cache.enabled=false: every token request mints.
        return new NoTokenCache();
    }

}
