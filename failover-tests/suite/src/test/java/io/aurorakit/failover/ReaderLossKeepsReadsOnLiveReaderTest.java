package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabInstance;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 6: one of two readers is killed. {@code read()} keeps working and every read lands on the surviving
 * reader (never the dead one, never the writer), and a pooled connection switched with {@code setReadOnly(true)}
 * lands on the live reader too.
 */
class ReaderLossKeepsReadsOnLiveReaderTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    @Test
    void readsKeepWorkingOnTheOtherReader(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        String writer = lab.writerId();
        List<String> readers = lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER)
                .map(LabInstance::id).toList();
        String lost = readers.get(0);
        String survivor = readers.get(1);
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).build()) {
            Set<String> before = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                before.add(ds.read(LabSql.INSTANCE_ID));
            }
            assertThat(before).as("read() uses readers").isNotEmpty().doesNotContain(writer);

            Instant crashed = lab.crash(lost).phase(FailoverReport.CRASHED).orElseThrow();
            List<String> after = new ArrayList<>();
            Instant firstRead = null;
            for (int i = 0; i < 10; i++) {
                after.add(ds.read(LabSql.INSTANCE_ID));
                if (firstRead == null) {
                    firstRead = Instant.now();
                }
            }
            assertThat(after).as("every read after the loss, on the live reader").containsOnly(survivor);

            try (Connection c = ds.getConnection()) {
                assertThat(LabQueries.instanceId(c)).isEqualTo(writer);
                c.setReadOnly(true);
                assertThat(LabQueries.instanceId(c)).as("setReadOnly(true) lands on a live reader").isEqualTo(survivor);
                c.setReadOnly(false);
                assertThat(LabQueries.instanceId(c)).isEqualTo(writer);
            }
            FailoverTimings.record(lab, ScenarioTiming.of("6-reader-loss", "crash(" + lost + "), one of two readers")
                    .outageMs(Duration.between(crashed, firstRead).toMillis()).retries(ds.stats().retries()));
        } finally {
            restartQuietly(lab, lost);
        }
    }

    static void restartQuietly(AuroraLab lab, String id) {
        try {
            lab.restart(id);
        } catch (RuntimeException e) {
            // the lab is closed after the class anyway
        }
    }

    static long count(AuroraLab lab, String id, String sql) throws SQLException {
        return LabQueries.count(lab, id, sql);
    }
}
