package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 8: after a failover the cluster endpoint still resolves to the old writer, which is now a reader (a stale
 * DNS cache). A plain PostgreSQL client lands there and gets 25006 "read-only transaction"; aurora-kit's writes - from
 * a pool created before the failover and from one created while the name is stale - all reach the true writer, and
 * no 25006 reaches the caller.
 *
 * <p>The lab re-points the cluster endpoint only after its DNS delay and brings the old writer back as a reader only
 * after that, so no lab timing yields "stale name -> old writer serving as reader"; {@link StaleClusterDns} pins the
 * name in the JVM's hosts file instead, as a cached resolver would.
 */
class StaleDnsWritesReachTrueWriterTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(1);

    private static final String TABLE = "s8_writes";
    private static final int WRITES = 10;

    @Test
    void writesReachTheTrueWriterThroughAStaleClusterEndpoint(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        List<SQLException> failures = new ArrayList<>();
        try (AuroraDataSource before = LabDataSources.forLab(lab).listener(events).build()) {
            before.writeIdempotent(LabSql.createTable(TABLE));
            String oldWriter = before.write(LabSql.insert(TABLE, "before-failover"));
            FailoverReport report = lab.failover();
            String newWriter = report.newWriterId();
            assertThat(newWriter).isNotEqualTo(oldWriter);

            try (StaleClusterDns stale = StaleClusterDns.pin(lab, oldWriter)) {
                assertStaleNameTrapsPlainClients(lab, oldWriter);
                try (AuroraDataSource during = LabDataSources.forLab(lab).listener(events).build()) {
                    for (int i = 0; i < WRITES; i++) {
                        for (AuroraDataSource ds : List.of(before, during)) {
                            String key = (ds == before ? "old-pool-" : "new-pool-") + i;
                            try {
                                assertThat(ds.write(LabSql.insert(TABLE, key))).as(key).isEqualTo(newWriter);
                            } catch (SQLException e) {
                                failures.add(e);
                            }
                        }
                    }
                }
            }
            assertThat(failures).as("no error (and no 25006) reached the caller").isEmpty();
            assertThat(events.any(e -> "25006".equals(e.sqlState()))).isFalse();
            long rows = LabQueries.count(lab, newWriter, "SELECT count(*) FROM " + TABLE + " WHERE k LIKE '%-pool-%'");
            long distinct = LabQueries.count(lab, newWriter, "SELECT count(DISTINCT k) FROM " + TABLE
                    + " WHERE k LIKE '%-pool-%'");
            assertThat(rows).isEqualTo(2L * WRITES);
            assertThat(distinct).isEqualTo(rows);
            FailoverTimings.record(lab, ScenarioTiming.of("8-stale-dns",
                            "failover(), then cluster endpoint pinned to the old writer (now a reader)")
                    .retries(before.stats().retries()).writes(2L * WRITES, 2L * WRITES - distinct, rows - distinct));
        }
    }

    /** Proves the name is really stale: plain pgjdbc lands on the old writer, a reader, and cannot write. */
    private static void assertStaleNameTrapsPlainClients(AuroraLab lab, String oldWriter) throws SQLException {
        Properties p = lab.credentials();
        p.setProperty("connectTimeout", "5");
        String url = "jdbc:postgresql://" + lab.clusterEndpoint() + ":" + lab.port() + "/" + lab.database();
        try (Connection plain = DriverManager.getConnection(url, p); Statement s = plain.createStatement()) {
            assertThat(LabQueries.instanceId(plain)).isEqualTo(oldWriter);
            SQLException readOnly = assertThrows(SQLException.class,
                    () -> s.executeUpdate("INSERT INTO " + TABLE + " (k) VALUES ('plain-client')"));
            assertThat(readOnly.getSQLState()).isEqualTo("25006");
        }
    }
}
