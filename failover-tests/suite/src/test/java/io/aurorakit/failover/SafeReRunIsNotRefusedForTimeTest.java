package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.retry.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The retry budget bounds waiting, not the wrapper's own work: when failure detection of a black-holed writer plus
 * the failover take longer than the budget, the 08S02 that follows still runs the work again (before, it was thrown
 * as RetriesExhaustedException after one attempt although the next call succeeded at once).
 */
class SafeReRunIsNotRefusedForTimeTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(1);

    @Test
    void aConnectionChangeAfterTheBudgetRunsTheWorkAgain(AuroraLab lab) throws Exception {
        String oldWriter = lab.writerId();
        Duration budget = Duration.ofSeconds(1);
        try (AuroraDataSource ds = LabDataSources.forLab(lab).property(AuroraProperty.SOCKET_TIMEOUT.key(), "0")
                .retryPolicy(RetryPolicy.builder().totalBudget(budget).build()).build()) {
            assertThat(ds.config().failureDetectionWindow()).as("detection alone outlasts the budget")
                    .isGreaterThan(budget.multipliedBy(3));
            LongQuery longQuery = LongQuery.start(ds);
            longQuery.awaitOnTheWire(lab, oldWriter);
            lab.isolate(oldWriter);
            try {
                FailoverReport failover = lab.failover();
                String landedOn = longQuery.result().get(60, TimeUnit.SECONDS);
                assertThat(landedOn).isEqualTo(failover.newWriterId()).isNotEqualTo(oldWriter);
                assertThat(longQuery.runs()).isEqualTo(2);
                assertThat(ds.stats().exhausted()).isZero();
            } finally {
                lab.heal(oldWriter);
            }
        }
    }
}
