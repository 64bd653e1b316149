package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.measure.LoadClient;
import io.aurorakit.measure.OperationLog;
import io.aurorakit.measure.Workload;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 9: five consecutive planned failovers under continuous load (2 writer + 2 reader threads). Every
 * acknowledged write is on the final writer exactly once (the key is client-generated and NOT unique, so a re-run of
 * committed work would show as a duplicate), every thread recovers after each failover, and each thread's outage -
 * its longest window without a success - stays under 10 s.
 */
class PlannedFailoverUnderLoadLosesNoWritesTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final String TABLE = "s9_orders";
    private static final int FAILOVERS = 5;
    private static final long MAX_OUTAGE_MS = 10_000;

    @Test
    void fiveFailoversUnderLoadLoseAndDuplicateNothing(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        List<FailoverReport> reports = new ArrayList<>();
        OperationLog log = new OperationLog();
        long lastFailoverDone;
        long start;
        long end;
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).maximumPoolSize(4).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            start = System.nanoTime();
            try (Workload load = Workload.start(LoadClient.auroraKit(ds, TABLE), log,
                    new Workload.Settings("s9", 2, 2, 200))) {
                Thread.sleep(800);
                for (int i = 0; i < FAILOVERS; i++) {
                    reports.add(lab.failover());
                    Thread.sleep(1000);
                }
                lastFailoverDone = System.nanoTime() - 1_000_000_000L;
            }
            end = System.nanoTime();
            String writer = lab.writerId();
            Map<String, Long> stored = storedKeys(lab, writer);
            Set<String> acknowledged = log.acknowledged();
            long lost = acknowledged.stream().filter(k -> !stored.containsKey(k)).count();
            long duplicates = stored.values().stream().filter(n -> n > 1).count();
            Map<String, Long> gaps = perThreadOutageMs(log, start, end);

            assertThat(reports).allSatisfy(r -> assertThat(r.writerChanged()).isTrue());
            assertThat(acknowledged).as("writes acknowledged").hasSizeGreaterThan(20);
            assertThat(lost).as("acknowledged writes lost").isZero();
            assertThat(duplicates).as("keys stored twice: %s (core events: %s)", duplicateRows(lab, writer),
                    events.all()).isZero();
            for (OperationLog.Role role : OperationLog.Role.values()) {
                for (int thread = 0; thread < 2; thread++) {
                    assertThat(log.successEnds(role, thread)).as("%s thread %d works after the last failover", role,
                            thread).anyMatch(at -> at > lastFailoverDone);
                }
            }
            assertThat(gaps).as("per-thread outage (ms)")
                    .allSatisfy((thread, ms) -> assertThat(ms).as(thread).isLessThan(MAX_OUTAGE_MS));

            long maxGap = gaps.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            FailoverTimings.record(lab, ScenarioTiming.of("9-planned-failover-under-load",
                            FAILOVERS + " x failover() under 2 writer + 2 reader threads; per-thread outage ms " + gaps)
                    .outageMs(maxGap).retries(ds.stats().retries())
                    .writes(acknowledged.size(), lost, duplicates));
        }
    }

    /** Per writer and reader thread: its longest window without a success between {@code from} and {@code to}. */
    private static Map<String, Long> perThreadOutageMs(OperationLog log, long from, long to) {
        Map<String, Long> gaps = new TreeMap<>();
        for (OperationLog.Role role : OperationLog.Role.values()) {
            log.longestGapsPerThread(role, from, to).forEach((thread, gap) -> gaps.put(
                    role.name().toLowerCase(Locale.ROOT) + "-" + thread, Duration.ofNanos(gap.length()).toMillis()));
        }
        return gaps;
    }

    private static List<String> duplicateRows(AuroraLab lab, String writer) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = lab.connectDirect(writer); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT k, writer, at FROM " + TABLE + " WHERE k IN (SELECT k FROM "
                     + TABLE + " GROUP BY k HAVING count(*) > 1) ORDER BY k, at")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " on " + rs.getString(2) + " at " + rs.getString(3));
            }
        }
        return rows;
    }

    private static Map<String, Long> storedKeys(AuroraLab lab, String writer) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = lab.connectDirect(writer); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT k, count(*) FROM " + TABLE + " GROUP BY k")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }
}
