package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.SqlWork;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.retry.OutcomeUnknownException;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 2, the COMMIT case (a regression test): the writer crashes while {@code COMMIT} of a
 * non-idempotent {@code write()} is in flight, and the transaction used only prepared statements (as JPA and most
 * applications do). Whether the commit happened is unknowable, so the contract says: do not run the work again, throw
 * {@link OutcomeUnknownException}.
 *
 * <p>The AWS wrapper 4.3.0 decides 08007 vs 08S02 from its "in transaction" flag, which it sets only from SQL text it
 * sees ({@code Statement.execute(sql)}, {@code BEGIN}); {@code PreparedStatement.executeUpdate()} has no SQL argument,
 * so the flag stays false and a failover during COMMIT surfaces as 08S02. Taken at its word, that would run the work
 * again - had the commit reached the standby before the crash, the row would be stored twice - so aurora-kit reports
 * every connection failure during COMMIT as 08007.
 */
class CommitCutByFailoverIsOutcomeUnknownTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(1);

    private static final String TABLE = "s2_commit_cut";

    @Test
    void aFailoverDuringCommitOfNonIdempotentWorkIsReportedAsOutcomeUnknown(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).build()) {
            ds.writeIdempotent(slowCommitTable());
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch committing = new CountDownLatch(1);
            SqlWork<String> work = c -> {
                int run = runs.incrementAndGet();
                if (run == 1) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET LOCAL suite.slow_commit = 'on'"); // the deferred trigger sleeps at COMMIT
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (k) VALUES (?)")) {
                    ps.setString(1, "order-1");
                    ps.executeUpdate();
                }
                committing.countDown(); // write() commits right after the work returns
                return "inserted";
            };
            CompletableFuture<String> write = CompletableFuture.supplyAsync(() -> {
                try {
                    return ds.write(work);
                } catch (java.sql.SQLException e) {
                    throw new CompletionException(e);
                }
            });
            assertThat(committing.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(lab.awaitActiveStatement(lab.writerId(), "COMMIT", java.time.Duration.ofSeconds(10)))
                    .as("COMMIT is waiting in the deferred trigger").isTrue();
            FailoverReport report = lab.crashWriter();
            assertThat(report.writerChanged()).isTrue();

            Throwable outcome = write.handle((ok, failure) -> failure == null ? null : failure.getCause())
                    .get(60, TimeUnit.SECONDS);
            assertThat(runs.get()).as("runs of the non-idempotent work (events: %s)", events.all()).isEqualTo(1);
            assertThat(outcome).as("the caller learns the commit outcome is unknown")
                    .isInstanceOf(OutcomeUnknownException.class);
        }
    }

    /** The table plus a deferred constraint trigger that sleeps at COMMIT when {@code suite.slow_commit} is on. */
    private static SqlWork<Void> slowCommitTable() {
        return c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id bigserial PRIMARY KEY, k text NOT NULL)");
                s.execute("CREATE OR REPLACE FUNCTION " + TABLE + "_slow() RETURNS trigger LANGUAGE plpgsql AS $$"
                        + " BEGIN IF current_setting('suite.slow_commit', true) = 'on' THEN"
                        + " PERFORM pg_catalog.pg_sleep(5); END IF; RETURN NULL; END $$");
                s.execute("DROP TRIGGER IF EXISTS " + TABLE + "_slow_commit ON " + TABLE);
                s.execute("CREATE CONSTRAINT TRIGGER " + TABLE + "_slow_commit AFTER INSERT ON " + TABLE
                        + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION " + TABLE + "_slow()");
            }
            return null;
        };
    }
}
