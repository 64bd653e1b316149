package io.aurorakit.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code spring.datasource.url} is a {@code jdbc:aurora:} URL or {@code aurora.cluster-endpoint} is set. */
class OnAuroraRequestedCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if (SpringSettings.requested(context.getEnvironment())) {
            return ConditionOutcome.match("spring.datasource.url is a jdbc:aurora: URL or aurora.cluster-endpoint is"
                    + " set");
        }
        return ConditionOutcome.noMatch("neither a jdbc:aurora: spring.datasource.url nor aurora.cluster-endpoint");
    }
}
