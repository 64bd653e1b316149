package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The control plane moves live wrapper connections, keeps replication healthy and loses no acknowledged write. */
class AuroraLabFailoverTest {

    /** FAST: these check the control plane's bookkeeping over many failovers; AuroraLabRealismTest covers the delays. */
    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(2).timing(LabTiming.FAST));

    @BeforeEach
    void healthy(AuroraLab lab) {
        lab.awaitHealthy(Duration.ofSeconds(20));
    }

    @Test
    void plannedFailoverMovesALiveWrapperConnectionToTheNewWriter(AuroraLab lab) throws Exception {
        try (Connection c = LabClients.failoverConnection(lab)) {
            String oldWriter = lab.writerId();
            assertThat(LabQueries.instanceId(c)).isEqualTo(oldWriter);

            FailoverReport report = lab.failover();
            System.out.println("[lab-metrics] planned failover: " + report);

            assertThat(report.oldWriterId()).isEqualTo(oldWriter);
            assertThat(report.newWriterId()).isEqualTo(lab.writerId()).isNotEqualTo(oldWriter);
            assertThat(report.phases().keySet()).containsSubsequence(FailoverReport.REQUESTED, FailoverReport.FENCED,
                    FailoverReport.PROMOTED, FailoverReport.WRITER_AVAILABLE, FailoverReport.OLD_WRITER_REJOINED,
                    FailoverReport.COMPLETED);
            assertThat(report.duration()).isLessThan(Duration.ofSeconds(20));
            assertFailsOverTo(c, report.newWriterId());
        }
        assertOldWriterIsAStreamingReader(lab, lab.instances().stream()
                .filter(i -> i.role() == LabInstance.Role.READER).map(LabInstance::id).toList());
    }

    @Test
    void crashWriterMovesALiveWrapperConnectionAndTheOldWriterRejoinsAsReader(AuroraLab lab) throws Exception {
        try (Connection c = LabClients.failoverConnection(lab)) {
            String oldWriter = lab.writerId();
            assertThat(LabQueries.instanceId(c)).isEqualTo(oldWriter);

            FailoverReport report = lab.crashWriter();
            System.out.println("[lab-metrics] crash failover: " + report);

            assertThat(report.phases()).containsKeys(FailoverReport.CRASHED, FailoverReport.PROMOTED);
            assertThat(report.newWriterId()).isNotEqualTo(oldWriter);
            assertFailsOverTo(c, report.newWriterId());
            try (Connection old = lab.connectDirect(oldWriter)) {
                assertThat(LabQueries.inRecovery(old)).isTrue();
                assertThat(LabQueries.instanceId(old)).isEqualTo(oldWriter);
            }
        }
        lab.awaitHealthy(Duration.ofSeconds(10));
    }

    @Test
    void twentyConsecutivePlannedFailoversLeaveReplicationHealthy(AuroraLab lab) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String before = lab.writerId();
            FailoverReport report = lab.failover();
            assertThat(report.newWriterId()).isNotEqualTo(before).isEqualTo(lab.writerId());
            millis.add(report.duration().toMillis());
        }
        System.out.println("[lab-metrics] 20 planned failovers, ms each: " + millis);
        lab.awaitHealthy(Duration.ofSeconds(20));
        try (Connection c = lab.connectDirect(lab.writerId()); Statement s = c.createStatement()) {
            assertThat(LabQueries.inRecovery(c)).isFalse();
            s.execute("CREATE TABLE IF NOT EXISTS after_twenty (v text)");
            s.execute("INSERT INTO after_twenty VALUES ('survived')");
        }
        for (LabInstance instance : lab.instances()) {
            assertThat(instance.alive()).isTrue();
            if (instance.role() == LabInstance.Role.READER) {
                LabClients.awaitOnReader(lab, instance.id(), "SELECT string_agg(v, ',') FROM after_twenty",
                        "survived", Duration.ofSeconds(10));
            }
        }
        try (Connection c = LabClients.failoverConnection(lab)) {
            assertThat(LabQueries.instanceId(c)).isEqualTo(lab.writerId());
        }
    }

    @Test
    void noAcknowledgedWriteIsLostWhenTheWriterCrashesUnderConcurrentWriters(AuroraLab lab) throws Exception {
        try (Connection c = lab.connectDirect(lab.writerId()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE acked (id bigint PRIMARY KEY, writer int NOT NULL)");
        }
        int writers = 4;
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> errors = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                errors.add(pool.submit(() -> write(lab, writer, acknowledged, stop)));
            }
            Thread.sleep(1000);
            int beforeCrash = acknowledged.size();
            FailoverReport report = lab.crashWriter();
            Thread.sleep(1500);
            stop.set(true);
            int failed = 0;
            for (Future<Integer> f : errors) {
                failed += f.get(60, TimeUnit.SECONDS);
            }
            System.out.println("[lab-metrics] crash under load: " + acknowledged.size() + " acknowledged ("
                    + beforeCrash + " before the crash), " + failed + " failed statements; " + report);
            assertThat(beforeCrash).isPositive();
            assertThat(acknowledged.size()).isGreaterThan(beforeCrash);
        } finally {
            stop.set(true);
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        try (Connection c = lab.connectDirect(lab.writerId());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, count(*) FROM acked GROUP BY id")) {
            Set<Long> present = new java.util.HashSet<>();
            while (rs.next()) {
                assertThat(rs.getLong(2)).as("copies of id %d", rs.getLong(1)).isEqualTo(1);
                present.add(rs.getLong(1));
            }
            assertThat(present).containsAll(acknowledged);
        }
    }

    /** Inserts unique ids until stopped; records an id only after its commit was acknowledged. */
    private static int write(AuroraLab lab, int writer, Set<Long> acknowledged, AtomicBoolean stop) throws Exception {
        int failures = 0;
        long seq = 0;
        Connection c = LabClients.failoverConnection(lab);
        try {
            while (!stop.get()) {
                long id = writer * 1_000_000_000L + seq++;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO acked (id, writer) VALUES (?, ?)")) {
                    ps.setLong(1, id);
                    ps.setInt(2, writer);
                    ps.executeUpdate();
                    acknowledged.add(id);
                } catch (SQLException e) {
                    failures++;
                    if (c.isClosed()) {
                        c = LabClients.failoverConnection(lab);
                    }
                    Thread.sleep(20);
                }
            }
        } finally {
            c.close();
        }
        return failures;
    }

    @Test
    void isolateHangsUntilTheSocketTimeoutWhileCrashFailsAtOnce(AuroraLab lab) throws Exception {
        String reader = lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER)
                .map(LabInstance::id).findFirst().orElseThrow();
        // no plugins: the raw behaviour of the network fault as the wrapper's connection sees it
        try (Connection c = LabClients.wrapper(lab, lab.instanceEndpoint(reader), LabClients.wrapperProps(lab, "", 3000))) {
            assertThat(LabQueries.instanceId(c)).isEqualTo(reader);
            lab.isolate(reader);
            long start = System.nanoTime();
            SQLException hang = catchThrowableOfType(SQLException.class, () -> LabQueries.instanceId(c));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("[lab-metrics] isolated query failed after " + waited.toMillis() + " ms: " + hang);
            assertThat((Throwable) hang).isNotNull();
            assertThat(waited).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(20));
        } finally {
            lab.heal(reader);
        }
        try (Connection c = LabClients.wrapper(lab, lab.instanceEndpoint(reader), LabClients.wrapperProps(lab, "", 3000))) {
            assertThat(LabQueries.instanceId(c)).as("healed").isEqualTo(reader);
            FailoverReport crash = lab.crash(reader);
            assertThat(lab.instances()).filteredOn(i -> i.id().equals(reader)).allMatch(i -> !i.alive());
            long start = System.nanoTime();
            SQLException crashed = catchThrowableOfType(SQLException.class, () -> LabQueries.instanceId(c));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("[lab-metrics] crashed query failed after " + waited.toMillis() + " ms: " + crash);
            assertThat((Throwable) crashed).isNotNull();
            assertThat(waited).isLessThan(Duration.ofSeconds(2));
        } finally {
            lab.restart(reader);
        }
        lab.awaitHealthy(Duration.ofSeconds(20));
    }

    @Test
    void aBlackHoledInstanceThatCrashesSendsItsClientsNothing(AuroraLab lab) throws Exception {
        String reader = lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER)
                .map(LabInstance::id).reduce((first, second) -> second).orElseThrow();
        try (Connection c = LabClients.wrapper(lab, lab.instanceEndpoint(reader), LabClients.wrapperProps(lab, "", 3000))) {
            assertThat(LabQueries.instanceId(c)).isEqualTo(reader);
            lab.isolate(reader);
            lab.crash(reader); // the server's RST/FIN must not cross the black hole (Aurora's hard fence)
            long start = System.nanoTime();
            SQLException hang = catchThrowableOfType(SQLException.class, () -> LabQueries.instanceId(c));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat((Throwable) hang).isNotNull();
            assertThat(waited).as("hung until the 3 s socket timeout").isBetween(Duration.ofSeconds(2),
                    Duration.ofSeconds(20));
        } finally {
            lab.heal(reader);
            lab.restart(reader);
        }
        lab.awaitHealthy(Duration.ofSeconds(20));
    }

    /** The first statement after a failover gets 08S02; the same connection then runs on the new writer. */
    private static void assertFailsOverTo(Connection c, String newWriter) throws SQLException {
        SQLException failover = catchThrowableOfType(SQLException.class, () -> LabQueries.instanceId(c));
        assertThat((Throwable) failover).as("the first statement after failover").isNotNull();
        assertThat(failover.getSQLState()).isEqualTo("08S02");
        assertThat(LabQueries.instanceId(c)).isEqualTo(newWriter);
        assertThat(LabQueries.inRecovery(c)).isFalse();
    }

    private static void assertOldWriterIsAStreamingReader(AuroraLab lab, List<String> readers) throws Exception {
        lab.awaitHealthy(Duration.ofSeconds(10));
        for (String reader : readers) {
            try (Connection c = lab.connectDirect(reader)) {
                assertThat(LabQueries.inRecovery(c)).as(reader + " in recovery").isTrue();
                assertThat(LabQueries.queryString(c, "SELECT status FROM pg_catalog.pg_stat_wal_receiver"))
                        .isEqualTo("streaming");
            }
        }
    }
}
