package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.retry.RetriesExhaustedException;
import io.aurorakit.retry.RetryPolicy;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 10 on a pool's first use (a regression test): the cluster endpoint refuses connections, so
 * {@code write()} backs off and retries until maxAttempts, then throws {@link RetriesExhaustedException}.
 *
 * <p>The wrapper's initialConnection plugin keeps reconnecting for {@code openConnectionRetryTimeoutMs} (lowered to
 * 2000 here to keep the test short) and then throws {@code SQLException("The Aurora Initial Connection Strategy Plugin
 * attempted to connect but timed out after ...")} with no SQLState and no cause; aurora-kit must classify it as an
 * outage, not as a SQL error.
 */
class RefusedEndpointOnFirstUseIsRetriedTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(0);

    @Test
    void aRefusedClusterEndpointIsRetriedWithBackoffOnTheFirstUseOfThePool(AuroraLab lab) throws Exception {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(50))
                .totalBudget(Duration.ofSeconds(30)).build();
        EventLog events = new EventLog();
        String writer = lab.writerId();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).retryPolicy(policy)
                .property("openConnectionRetryTimeoutMs", "2000").build()) {
            LabToxiproxy.proxy(lab, writer).disable();
            SQLException failure;
            try {
                failure = assertThrows(SQLException.class, () -> ds.write(LabSql.INSTANCE_ID));
            } finally {
                LabToxiproxy.proxy(lab, writer).enable();
            }
            assertThat((Throwable) failure).as("attempts: %d, events: %s", ds.stats().attempts(), events.all())
                    .isInstanceOf(RetriesExhaustedException.class);
            assertThat(((RetriesExhaustedException) failure).attempts()).isEqualTo(2);
        }
    }
}
