package io.cometgate.gateway.config;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless the rate limits are off ({@code cometchat.rate-limit.enabled=false}) or the upstream budget is
 * ({@code cometchat.rate-limit.upstream-budget-enabled=false}).
 */
class OnUpstreamBudgetCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if (!context.getEnvironment().getProperty("cometchat.rate-limit.enabled", Boolean.class, true)) {
            return ConditionOutcome.noMatch("cometchat.rate-limit.enabled is false");
        }
        if (!context.getEnvironment().getProperty("cometchat.rate-limit.upstream-budget-enabled", Boolean.class, true)) {
            return ConditionOutcome.noMatch("cometchat.rate-limit.upstream-budget-enabled is false");
        }
        return ConditionOutcome.match("an upstream budget is set");
    }

}
