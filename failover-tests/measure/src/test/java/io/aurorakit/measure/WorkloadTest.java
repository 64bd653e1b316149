package io.aurorakit.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.retry.OutcomeUnknownException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The workload's bookkeeping with a scripted client (the unit's input): unique keys, every outcome reported to the
 * listener, outcome-unknown writes kept apart, threads that end on stop.
 */
class WorkloadTest {

    /** Writes fail with 08006 every third time and with outcome unknown every fifth; reads always work. */
    private static final class ScriptedClient implements LoadClient {
        final Set<String> keys = ConcurrentHashMap.newKeySet();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public String write(String key) throws SQLException {
            keys.add(key);
            int n = writes.incrementAndGet();
            if (n % 5 == 0) {
                throw new OutcomeUnknownException(new SQLException("cut during commit", "08007"));
            }
            if (n % 3 == 0) {
                throw new SQLException("connection lost", "08006");
            }
            return "instance-1";
        }

        @Override
        public String read() {
            return "instance-2";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void everyOutcomeReachesTheLogWithUniqueKeys() throws Exception {
        ScriptedClient client = new ScriptedClient();
        OperationLog log = new OperationLog();
        Workload load = Workload.start(client, log, new Workload.Settings("t", 2, 1, 200));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (client.writes.get() < 60 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(load.stop(Duration.ofSeconds(5))).as("threads ended").isTrue();
        assertThat(load.aliveThreads()).isEmpty();

        int writes = client.writes.get();
        assertThat(writes).isGreaterThanOrEqualTo(60);
        assertThat(client.keys).as("one key per write").hasSize(writes);
        assertThat(log.ops().stream().filter(op -> op.role() == OperationLog.Role.WRITE).count())
                .as("every write logged").isEqualTo(writes);
        assertThat(log.acknowledged()).hasSize(writes - writes / 3 - writes / 5 + writes / 15);
        assertThat(log.outcomeUnknown()).hasSize(writes / 5).allMatch(client.keys::contains)
                .doesNotContainAnyElementsOf(log.acknowledged());
        assertThat(log.errorsAfter(0)).containsKeys("write 08006", "write 08007");
        assertThat(log.successEnds(OperationLog.Role.READ)).isNotEmpty();
    }

    @Test
    void settingsWithoutThreadsOrRateAreRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Workload.Settings("x", 0, 0, 10))
                .hasMessageContaining("writers=0, readers=0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Workload.Settings("x", 1, 0, 0))
                .hasMessageContaining("ratePerThread=0");
    }
}
