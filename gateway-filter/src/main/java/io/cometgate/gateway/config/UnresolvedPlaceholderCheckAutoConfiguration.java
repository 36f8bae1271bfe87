package io.cometgate.gateway.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Registers {@link UnresolvedPlaceholderCheck}. Its own auto-configuration, without conditions, so the check runs
 * even when the CometGate configuration it protects would fail (or back off) for another reason first.
 */
@AutoConfiguration
class UnresolvedPlaceholderCheckAutoConfiguration {

    @Bean
    static UnresolvedPlaceholderCheck cometGateUnresolvedPlaceholderCheck() {
        return new UnresolvedPlaceholderCheck();
    }

}
