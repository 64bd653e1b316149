package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabInstance;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 7: every reader is killed. {@code read()} and {@code setReadOnly(true)} fall back to the writer instead of
 * failing, and writes keep working (the lab drops the dead readers from the synchronous quorum, as Aurora never
 * blocks commits on replicas).
 *
 * <p>The wrapper's {@code openConnectionRetryTimeoutMs} is lowered to 2 s here (a pass-through property): with the
 * wrapper default of 30 s, which aurora-kit's presets keep, every read waits 30 s on a dead reader before it falls
 * back - see {@link ReadFallbackIsNotHeldByDeadReaderTest}.
 */
class AllReadersDownFallBackToWriterTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final String TABLE = "s7_writes";
    /** The wrapper's initialConnection plugin: how long it keeps retrying a connection to one host (ms). */
    static final String OPEN_CONNECTION_RETRY_TIMEOUT = "openConnectionRetryTimeoutMs";

    @Test
    void readsFallBackToTheWriter(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        String writer = lab.writerId();
        List<String> readers = lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER)
                .map(LabInstance::id).toList();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events)
                .property(OPEN_CONNECTION_RETRY_TIMEOUT, "2000").build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            Set<String> before = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                before.add(ds.read(LabSql.INSTANCE_ID));
            }
            assertThat(before).as("read() uses readers while there are any").doesNotContain(writer);

            Instant crashed = null;
            for (String reader : readers) {
                FailoverReport report = lab.crash(reader);
                crashed = crashed == null ? report.phase(FailoverReport.CRASHED).orElseThrow() : crashed;
            }
            long start = System.nanoTime();
            Set<String> after = new HashSet<>();
            Instant firstRead = null;
            for (int i = 0; i < 5; i++) {
                after.add(ds.read(LabSql.INSTANCE_ID));
                firstRead = firstRead == null ? Instant.now() : firstRead;
            }
            Duration fiveReads = Duration.ofNanos(System.nanoTime() - start);
            assertThat(after).as("reads fall back to the writer").containsOnly(writer);
            try (Connection c = ds.getConnection()) {
                c.setReadOnly(true);
                assertThat(LabQueries.instanceId(c)).as("setReadOnly(true) with no reader stays on the writer")
                        .isEqualTo(writer);
                c.setReadOnly(false);
            }
            assertThat(ds.write(LabSql.insert(TABLE, "no-readers"))).isEqualTo(writer);
            assertThat(fiveReads).as("no long hangs while falling back").isLessThan(Duration.ofSeconds(20));

            FailoverTimings.record(lab, ScenarioTiming.of("7-all-readers-down", "crash of every reader (" + readers + ")")
                    .outageMs(Duration.between(crashed, firstRead).toMillis())
                    .retries(ds.stats().retries()).writes(1, 0, 0));
        }
    }
}
