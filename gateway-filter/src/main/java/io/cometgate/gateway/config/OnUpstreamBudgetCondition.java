package io.cometgate.gateway.config;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches unless rate limits are off or {@code cometchat.rate-limit.upstream-budget} is {@code none}. */
class OnUpstreamBudgetCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if (!context.getEnvironment().getProperty("cometchat.rate-limit.enabled", Boolean.class, true)) {
            return ConditionOutcome.noMatch("cometchat.rate-limit.enabled is false");
        }
        String budget = context.getEnvironment().getProperty("cometchat.rate-limit.upstream-budget", "");
        if (budget.strip().equalsIgnoreCase("none")) {
            return ConditionOutcome.noMatch("cometchat.rate-limit.upstream-budget is none");
        }
        return ConditionOutcome.match("an upstream budget is set");
    }

}
