package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.SqlWork;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.OutcomeUnknownException;
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
 * Scenario 2: the writer crashes while a transaction is in flight (the wrapper reports 08007, outcome unknown).
 * Non-idempotent work ({@code write}) is not run again and the caller gets {@link OutcomeUnknownException}; the row
 * is on the new writer at most once. Idempotent work ({@code writeIdempotent}) is run again and commits exactly once.
 */
class OutcomeUnknownIsNotRetriedTest {

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
    void nonIdempotentWorkIsNotRunAgainAndTheCallerLearnsTheOutcomeIsUnknown(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch inFlight = new CountDownLatch(1);
            Future<String> write = executor.submit(() -> ds.write(insertThenWait("order-1", runs, inFlight)));

            FailoverReport report = crashWhileInFlight(lab, inFlight);
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> write.get(60, TimeUnit.SECONDS));

            assertThat(failure.getCause()).isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("outcome unknown");
            assertThat(((SQLException) failure.getCause()).getSQLState()).isEqualTo("08007");
            assertThat(runs.get()).as("the non-idempotent work ran once, not again").isEqualTo(1);
            assertThat(rows(lab, report.newWriterId(), "order-1")).as("committed at most once").isLessThanOrEqualTo(1);
            assertThat(events.ofKind(FailoverEvent.Kind.OUTCOME_UNKNOWN_08007)).singleElement()
                    .satisfies(e -> assertThat(e.retrying()).isFalse());
            assertThat(ds.stats().retries()).isZero();

            FailoverTimings.record(ScenarioTiming.of("2a-outcome-unknown-not-retried",
                            "crashWriter during a transaction (08007), write()")
                    .detectionMs(millisBetween(report, events)).retries(ds.stats().retries())
                    .writes(0, 0, Math.max(0, rows(lab, report.newWriterId(), "order-1") - 1)));
        }
    }

    @Test
    void idempotentWorkIsRunAgainAndCommitsExactlyOnce(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch inFlight = new CountDownLatch(1);
            Future<String> write = executor.submit(() -> ds.writeIdempotent(insertThenWait("order-2", runs,
                    inFlight)));

            FailoverReport report = crashWhileInFlight(lab, inFlight);
            String landedOn = write.get(60, TimeUnit.SECONDS);
            Instant acknowledged = Instant.now();

            assertThat(runs.get()).as("run again after 08007").isEqualTo(2);
            assertThat(landedOn).isEqualTo(report.newWriterId());
            assertThat(rows(lab, report.newWriterId(), "order-2")).as("committed exactly once").isEqualTo(1);
            assertThat(events.ofKind(FailoverEvent.Kind.OUTCOME_UNKNOWN_08007)).singleElement()
                    .satisfies(e -> assertThat(e.retrying()).isTrue());
            assertThat(ds.stats().outcomeUnknown()).isEqualTo(1);

            Instant crashed = report.phase(FailoverReport.CRASHED).orElseThrow();
            FailoverTimings.record(ScenarioTiming.of("2b-outcome-unknown-idempotent-rerun",
                            "crashWriter during a transaction (08007), writeIdempotent()")
                    .detectionMs(millisBetween(report, events))
                    .outageMs(Duration.between(crashed, acknowledged).toMillis())
                    .retries(ds.stats().retries()).writes(1, 0, 0));
        }
    }

    /**
     * Inserts {@code key}, then - on the first run only - signals {@code inFlight} and runs a long statement, so the
     * crash hits an open transaction that already wrote.
     */
    private static SqlWork<String> insertThenWait(String key, AtomicInteger runs, CountDownLatch inFlight) {
        return c -> {
            int run = runs.incrementAndGet();
            // A plain Statement: the wrapper 4.3.0 tracks "in transaction" only from SQL text it sees (see
            // CommitCutByFailoverIsOutcomeUnknownTest for what happens with prepared statements).
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
            return LabSql.instanceId(c);
        };
    }

    private static FailoverReport crashWhileInFlight(AuroraLab lab, CountDownLatch inFlight) throws Exception {
        assertThat(inFlight.await(20, TimeUnit.SECONDS)).as("the transaction started").isTrue();
        Thread.sleep(200); // the long statement is on the wire
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
        return LabSql.count(lab, instance, "SELECT count(*) FROM " + TABLE + " WHERE k = '" + key + "'");
    }
}
