package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.SqlWork;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.retry.FailureKind;
import io.aurorakit.retry.OutcomeUnknownException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 2: the writer crashes in the middle of a unit of work, before COMMIT was sent. Nothing was committed, so
 * the work runs again - non-idempotent {@code write()} included - and commits exactly once, whatever the wrapper says:
 * its failover2 reports 08007 ("transaction resolution unknown") whenever it saw the transaction start, and keeps
 * saying so on a pooled connection for every later failover, because it never clears that flag. Only a failure
 * during COMMIT is outcome unknown ({@link CommitCutByFailoverIsOutcomeUnknownTest}). The connection handed to the
 * work refuses further statements after a failover, so work that swallows the exception cannot commit only its tail;
 * a failover wrapped in a RuntimeException is recognised; nested units of work are refused.
 */
class FailoverBeforeCommitIsReRunTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final String TABLE = "s2_orders";
    private static ExecutorService executor;

    @BeforeAll
    static void startExecutor() {
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void nonIdempotentWorkCutBeforeCommitRunsAgainAndCommitsOnce(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch inFlight = new CountDownLatch(1);
            Future<String> write = executor.submit(() -> ds.write(insertThenWait("order-1", runs, inFlight)));

            FailoverReport report = crashWhileInFlight(lab, inFlight);
            String landedOn = write.get(60, TimeUnit.SECONDS);
            Instant acknowledged = Instant.now();

            assertThat(runs.get()).as("run again: nothing was committed before COMMIT").isEqualTo(2);
            assertThat(landedOn).isEqualTo(report.newWriterId());
            assertThat(rows(lab, report.newWriterId(), "order-1")).as("committed exactly once").isEqualTo(1);
            assertThat(events.ofKind(FailureKind.CONNECTION_CHANGED)).singleElement()
                    .satisfies(e -> assertThat(e.retrying()).isTrue());
            assertThat(events.ofKind(FailureKind.OUTCOME_UNKNOWN)).isEmpty();

            Instant crashed = report.phase(FailoverReport.CRASHED).orElseThrow();
            FailoverTimings.record(lab, ScenarioTiming.of("2a-cut-before-commit-rerun",
                            "crashWriter during a transaction, before COMMIT, write()")
                    .detectionMs(millisBetween(report, events))
                    .outageMs(Duration.between(crashed, acknowledged).toMillis())
                    .retries(ds.stats().retries()).writes(1, 0, 0));
        }
    }

    @Test
    void idempotentWorkCutBeforeCommitRunsAgainAndCommitsOnce(AuroraLab lab) throws Exception {
        try (AuroraDataSource ds = LabDataSources.forLab(lab).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch inFlight = new CountDownLatch(1);
            Future<String> write = executor.submit(() -> ds.writeIdempotent(insertThenWait("order-2", runs,
                    inFlight)));

            FailoverReport report = crashWhileInFlight(lab, inFlight);
            assertThat(write.get(60, TimeUnit.SECONDS)).isEqualTo(report.newWriterId());
            assertThat(runs.get()).isEqualTo(2);
            assertThat(rows(lab, report.newWriterId(), "order-2")).isEqualTo(1);
        }
    }

    /**
     * The wrapper's sticky flag: after one failover inside a transaction, the same pooled connection reports 08007
     * for every later failover, even for work whose transaction the wrapper never saw start (prepared statements).
     */
    @Test
    void aLaterFailoverOnTheSamePooledConnectionIsStillReRun(AuroraLab lab) throws Exception {
        try (AuroraDataSource ds = LabDataSources.forLab(lab).maximumPoolSize(1).property("minimumIdle", "1")
                .build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            AtomicInteger firstRuns = new AtomicInteger();
            CountDownLatch first = new CountDownLatch(1);
            Future<String> sticky = executor.submit(() -> ds.writeIdempotent(insertThenWait("order-3", firstRuns,
                    first)));
            crashWhileInFlight(lab, first);
            sticky.get(60, TimeUnit.SECONDS);
            lab.awaitHealthy(Duration.ofSeconds(60));

            AtomicInteger runs = new AtomicInteger();
            CountDownLatch inFlight = new CountDownLatch(1);
            Future<String> write = executor.submit(() -> ds.write(c -> {
                int run = runs.incrementAndGet();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (k) VALUES (?)")) {
                    ps.setString(1, "order-4");
                    ps.executeUpdate();
                }
                if (run == 1) {
                    inFlight.countDown();
                    try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_sleep(20)")) {
                        ps.execute();
                    }
                }
                return LabQueries.instanceId(c);
            }));
            FailoverReport report = crashWhileInFlight(lab, inFlight);
            // The point: the failover before COMMIT is run again although the wrapper says 08007. The wrapper may fail
            // over once more while the re-run runs (the lab picks a random same-tier target, the old writer rejoins,
            // the promoted instance ends early sessions): before the re-run's COMMIT that is re-run too; during it,
            // the outcome is unknown, and write() must say so rather than guess.
            String instance;
            try {
                instance = write.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).as("only a COMMIT cut by a later failover may end the re-runs")
                        .isInstanceOf(OutcomeUnknownException.class);
                assertThat(runs.get()).as("the failover before COMMIT was run again first").isGreaterThanOrEqualTo(2);
                assertThat(rows(lab, report.newWriterId(), "order-4")).as("committed at most once").isBetween(0L, 1L);
                return;
            }
            assertThat(instance).isEqualTo(report.newWriterId());
            assertThat(runs.get()).as("run again after the failover before COMMIT").isGreaterThanOrEqualTo(2);
            assertThat(rows(lab, instance, "order-4")).as("committed exactly once").isEqualTo(1);
        }
    }

    @Test
    void workThatSwallowsTheFailoverCannotCommitItsTail(AuroraLab lab) throws Exception {
        try (AuroraDataSource ds = LabDataSources.forLab(lab).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            AtomicInteger runs = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            CountDownLatch inFlight = new CountDownLatch(1);
            Future<String> write = executor.submit(() -> ds.write(c -> {
                int run = runs.incrementAndGet();
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO " + TABLE + " (k) VALUES ('head-5')");
                    if (run == 1) {
                        inFlight.countDown();
                        s.execute("SELECT pg_catalog.pg_sleep(20)");
                    }
                } catch (SQLException swallowed) {
                    // a careless DAO that logs and goes on
                }
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO " + TABLE + " (k) VALUES ('tail-5')");
                } catch (SQLException e) {
                    refused.incrementAndGet();
                    throw e;
                }
                return LabQueries.instanceId(c);
            }));
            FailoverReport report = crashWhileInFlight(lab, inFlight);
            assertThat(write.get(60, TimeUnit.SECONDS)).isEqualTo(report.newWriterId());
            assertThat(refused.get()).as("the tail was refused on the failed-over connection").isEqualTo(1);
            assertThat(runs.get()).isEqualTo(2);
            assertThat(rows(lab, report.newWriterId(), "head-5")).as("head once").isEqualTo(1);
            assertThat(rows(lab, report.newWriterId(), "tail-5")).as("tail once, with its head").isEqualTo(1);
        }
    }

    @Test
    void aFailoverWrappedInARuntimeExceptionIsReRun(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch inFlight = new CountDownLatch(1);
            SqlWork<String> plain = insertThenWait("order-6", runs, inFlight);
            Future<String> write = executor.submit(() -> ds.write(c -> {
                try {
                    return plain.run(c);
                } catch (SQLException e) {
                    throw new IllegalStateException("as Spring's JdbcTemplate would wrap it", e);
                }
            }));
            FailoverReport report = crashWhileInFlight(lab, inFlight);
            assertThat(write.get(60, TimeUnit.SECONDS)).isEqualTo(report.newWriterId());
            assertThat(runs.get()).isEqualTo(2);
            assertThat(rows(lab, report.newWriterId(), "order-6")).isEqualTo(1);
            assertThat(events.all()).isNotEmpty();
        }
    }

    @Test
    void aNestedUnitOfWorkIsRefusedAndTheOuterOneIsNotCommitted(AuroraLab lab) throws Exception {
        try (AuroraDataSource ds = LabDataSources.forLab(lab).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            assertThatThrownBy(() -> ds.write(c -> {
                LabSql.insert(TABLE, "outer-7").run(c);
                return ds.write(LabSql.insert(TABLE, "inner-7"));
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("nested units of work are not supported");
            assertThat(rows(lab, lab.writerId(), "outer-7")).isZero();
            assertThat(rows(lab, lab.writerId(), "inner-7")).isZero();
            int one = ds.read(c -> 1);
            assertThat(one).as("the data source stays usable").isEqualTo(1);
        }
    }

    /**
     * Inserts {@code key} with a plain Statement (so the wrapper sees the transaction start), then - on the first run
     * only - signals {@code inFlight} and runs a long statement, so the crash hits an open transaction that wrote.
     */
    private static SqlWork<String> insertThenWait(String key, AtomicInteger runs, CountDownLatch inFlight) {
        return c -> {
            int run = runs.incrementAndGet();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO " + TABLE + " (k, writer) VALUES ('" + key + "', "
                        + "pg_catalog.aurora_db_instance_identifier())");
            }
            if (run == 1) {
                inFlight.countDown();
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_catalog.pg_sleep(20)");
                }
            }
            return LabQueries.instanceId(c);
        };
    }

    private static FailoverReport crashWhileInFlight(AuroraLab lab, CountDownLatch inFlight) throws Exception {
        assertThat(inFlight.await(20, TimeUnit.SECONDS)).as("the transaction started").isTrue();
        assertThat(lab.awaitActiveStatement(lab.writerId(), "pg_sleep(20)", Duration.ofSeconds(10)))
                .as("the long statement runs on the writer").isTrue();
        FailoverReport report = lab.crashWriter();
        assertThat(report.writerChanged()).isTrue();
        return report;
    }

    private static Long millisBetween(FailoverReport report, EventLog events) {
        Instant crashed = report.phase(FailoverReport.CRASHED).orElseThrow();
        return events.all().stream().findFirst().map(e -> Duration.between(crashed, e.time()).toMillis())
                .orElse(null);
    }

    private static long rows(AuroraLab lab, String instance, String key) throws SQLException {
        return LabQueries.count(lab, instance, "SELECT count(*) FROM " + TABLE + " WHERE k = '" + key + "'");
    }
}
