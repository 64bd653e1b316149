package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.SqlWork;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 12: the plain {@link javax.sql.DataSource} used the way Spring's DataSourceTransactionManager uses it for
 * {@code @Transactional(readOnly = true/false)}: {@code getConnection()}, {@code setReadOnly(true)} before the
 * transaction, {@code setAutoCommit(false)}, work, commit, {@code setAutoCommit(true)}, {@code setReadOnly(false)},
 * {@code close()}. Read-only transactions run on a reader and cannot write; read-write ones on the writer - before and
 * after a failover (a transaction cut by the failover is retried like Spring Retry would, at most twice).
 */
class SpringStyleReadOnlyRoutingTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final String TABLE = "s12_accounts";

    @Test
    void readOnlyAndReadWriteTransactionsRouteCorrectlyBeforeAndAfterAFailover(AuroraLab lab) throws Exception {
        try (AuroraDataSource ds = LabDataSources.forLab(lab).build()) {
            transaction(ds, false, LabSql.createTable(TABLE));
            assertRouting(lab, ds, lab.writerId(), "before");
            FailoverReport report = lab.failover();
            assertRouting(lab, ds, report.newWriterId(), "after");
            FailoverTimings.record(lab, ScenarioTiming.of("12-spring-style-routing",
                    "failover() between @Transactional(readOnly) calls").writes(2, 0, 0));
        }
    }

    private static void assertRouting(AuroraLab lab, AuroraDataSource ds, String writer, String phase)
            throws Exception {
        List<String> readers = lab.instances().stream().map(i -> i.id()).filter(id -> !id.equals(writer)).toList();
        for (int i = 0; i < 3; i++) {
            assertThat(transaction(ds, true, LabSql.INSTANCE_ID)).as("read-only tx %s the failover", phase)
                    .isIn(readers);
            assertThat(transaction(ds, false, LabSql.insert(TABLE, phase + "-" + i)))
                    .as("read-write tx %s the failover", phase).isEqualTo(writer);
        }
        // A write inside a read-only transaction fails and commits nothing. (The reader answers 25006; the wrapper's
        // strict-writer failover mode treats 25006 as "landed on a reader" and reports 08S02 instead.)
        SQLException readOnly = assertThrows(SQLException.class,
                () -> transaction(ds, true, LabSql.insert(TABLE, phase + "-from-reader")));
        assertThat(readOnly.getSQLState()).isIn("25006", "08S02");
        assertThat(LabQueries.count(lab, writer, "SELECT count(*) FROM " + TABLE + " WHERE k LIKE '" + phase + "-%'"))
                .isEqualTo(3);
    }

    /** One transaction the way DataSourceTransactionManager runs it; retried on 08S02/08007 like Spring Retry. */
    private static <T> T transaction(AuroraDataSource ds, boolean readOnly, SqlWork<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return springTransaction(ds, readOnly, work);
            } catch (SQLException e) {
                boolean failover = "08S02".equals(e.getSQLState()) || "08007".equals(e.getSQLState());
                if (!failover || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static <T> T springTransaction(AuroraDataSource ds, boolean readOnly, SqlWork<T> work)
            throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (readOnly) {
                c.setReadOnly(true);
            }
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
                if (readOnly) {
                    c.setReadOnly(false);
                }
            }
        }
    }
}
