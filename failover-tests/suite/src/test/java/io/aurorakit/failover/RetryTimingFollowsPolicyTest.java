package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.FailureKind;
import io.aurorakit.retry.RetriesExhaustedException;
import io.aurorakit.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 10: with the writer's endpoint refusing connections (its proxy disabled) while the pool has to reconnect,
 * {@code write()} retries with a randomized exponential backoff: the n-th wait lies within {@code initialBackoff x multiplier^(n-1) x (1 +/- jitter)}
 * (capped at maxBackoff) and really elapses between attempts; retries stop at the time budget or at maxAttempts with
 * a {@link RetriesExhaustedException} whose message says how many attempts were made over how long.
 *
 * <p>The pool is started first: each attempt then fails after the pool's 1 s connection timeout with HikariCP's
 * "connection not available". On a pool's very first use the failure is different and not retried at all - see
 * {@link RefusedEndpointOnFirstUseIsRetriedTest}.
 */
class RetryTimingFollowsPolicyTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(1);

    private static final String TABLE = "s10_writes";

    @Test
    void backoffFollowsThePolicyAndStopsAtTheBudget(AuroraLab lab) throws Exception {
        RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofMillis(200)).multiplier(2.0)
                .randomizationFactor(0.5).maxBackoff(Duration.ofSeconds(5)).maxAttempts(50)
                .totalBudget(Duration.ofMillis(7000)).build();
        EventLog events = new EventLog();
        String writer = lab.writerId();
        RetriesExhaustedException exhausted;
        try (AuroraDataSource ds = started(LabDataSources.forLab(lab).listener(events).retryPolicy(policy))) {
            LabToxiproxy.proxy(lab, writer).disable();
            Thread.sleep(600); // idle > 500 ms: HikariCP validates the now dead pooled connection and replaces it
            try {
                exhausted = assertThrows(RetriesExhaustedException.class,
                        () -> ds.write(LabSql.insert(TABLE, "never")));
            } finally {
                LabToxiproxy.proxy(lab, writer).enable();
            }
            List<FailoverEvent> retries = events.ofKind(FailureKind.UNAVAILABLE);
            assertThat(retries).as("several backoff retries").hasSizeGreaterThanOrEqualTo(2);
            for (int i = 0; i < retries.size(); i++) {
                FailoverEvent e = retries.get(i);
                double base = Math.min(policy.initialBackoff().toMillis() * Math.pow(policy.multiplier(), i),
                        policy.maxBackoff().toMillis());
                assertThat(e.attempt()).isEqualTo(i + 1);
                assertThat((double) e.delay().toMillis()).as("delay %d: %s", i + 1, e)
                        .isBetween(base * (1 - policy.randomizationFactor()) - 1,
                                Math.min(base * (1 + policy.randomizationFactor()), policy.maxBackoff().toMillis()) + 1);
                if (i + 1 < retries.size()) {
                    Duration gap = Duration.between(e.time(), retries.get(i + 1).time());
                    assertThat(gap).as("the wait after attempt %d really elapsed", i + 1)
                            .isGreaterThanOrEqualTo(e.delay().minusMillis(20))
                            .isLessThan(e.delay().plusSeconds(3));
                }
            }
            assertThat(events.all().get(events.all().size() - 1).kind()).isEqualTo(FailureKind.EXHAUSTED);
            assertThat(exhausted.attempts()).isEqualTo(retries.size() + 1);
            assertThat(exhausted.elapsed()).as("stopped at the budget").isLessThan(policy.totalBudget().orElseThrow().plusSeconds(3));
            assertThat(exhausted.getMessage())
                    .contains("Gave up after " + exhausted.attempts() + " attempts over " + exhausted.elapsed().toMillis()
                            + " ms")
                    .contains("totalBudget=7000 ms");

            FailoverTimings.record(lab, ScenarioTiming.of("10-retry-timing",
                            "writer proxy disabled (refused), pool timeout 1s; backoff 200ms x2 +/-50%, budget 7s;"
                                    + " delays ms "
                                    + retries.stream().map(e -> e.delay().toMillis()).toList())
                    .outageMs(exhausted.elapsed().toMillis()).retries((long) retries.size()));
        }
    }

    @Test
    void retriesStopAtMaxAttemptsWithAClearMessage(AuroraLab lab) throws Exception {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(50)).build();
        String writer = lab.writerId();
        try (AuroraDataSource ds = started(LabDataSources.forLab(lab).retryPolicy(policy))) {
            LabToxiproxy.proxy(lab, writer).disable();
            Thread.sleep(600); // idle > 500 ms: HikariCP validates the now dead pooled connection and replaces it
            RetriesExhaustedException exhausted;
            try {
                exhausted = assertThrows(RetriesExhaustedException.class, () -> ds.write(LabSql.INSTANCE_ID));
            } finally {
                LabToxiproxy.proxy(lab, writer).enable();
            }
            assertThat(exhausted.attempts()).isEqualTo(3);
            assertThat(exhausted.getMessage()).startsWith("Gave up after 3 attempts over ").contains("maxAttempts=3");
            assertThat(ds.stats().attempts()).isEqualTo(1 + 3);
            assertThat(ds.write(LabSql.INSTANCE_ID)).as("works again once the endpoint accepts").isEqualTo(writer);
        }
    }

    /** A data source whose pool is started (one write done) and waits at most 1 s for a connection. */
    private static AuroraDataSource started(AuroraDataSource.Builder builder) throws Exception {
        AuroraDataSource ds = builder.property(AuroraProperty.POOL_CONNECTION_TIMEOUT.key(), "1s").build();
        ds.writeIdempotent(LabSql.createTable(TABLE));
        return ds;
    }
}
