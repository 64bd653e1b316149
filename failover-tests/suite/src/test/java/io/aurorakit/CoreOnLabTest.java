package io.aurorakit;

import static io.aurorakit.lab.LabQueries.instanceId;
import static io.aurorakit.lab.LabQueries.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aurorakit.failover.WrapperThreads;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.Await;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.jdbc.hostlistprovider.ClusterTopologyMonitorImpl;
import software.amazon.jdbc.util.CoreServicesContainer;

/**
 * aurora-kit-core against real PostgreSQL: the {@code jdbc:aurora:postgresql://} URL of an {@link AuroraLab} through
 * {@link AuroraDataSource}, {@link java.sql.DriverManager} and a plain HikariCP pool, and a plain PostgreSQL host.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CoreOnLabTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    @AfterAll
    static void releaseWrapperThreadsOfDriverManagerConnections() {
        // Connections opened through AuroraDriver are not counted by AuroraDataSource; release the wrapper's JVM-wide
        // monitors so later test classes start clean.
        WrapperResources.acquire();
        WrapperResources.release();
    }

    @Test
    @Order(1)
    void auroraUrlWritesOnTheWriterReadsOnAReaderAndCloseStopsTheWrapperMonitors(AuroraLab lab) throws Exception {
        try (AuroraDataSource ds = AuroraDataSource.fromUrl(lab.jdbcUrl(), lab.credentials())) {
            ds.write(c -> execute(c, "CREATE TABLE IF NOT EXISTS core_on_lab (id int PRIMARY KEY, v text)"));
            String writer = ds.write(c -> {
                execute(c, "INSERT INTO core_on_lab VALUES (1, 'one') ON CONFLICT DO NOTHING");
                return instanceId(c);
            });
            assertThat(writer).isEqualTo(lab.writerId());

            awaitReplicated(ds);
            String reader = ds.read(c -> {
                assertThat(queryString(c, "SELECT pg_catalog.pg_is_in_recovery()::text")).isEqualTo("true");
                return instanceId(c);
            });
            assertThat(reader).isNotEqualTo(lab.writerId()).startsWith("instance-");
            // read(): one transaction, one snapshot - now() is the transaction's start, the same for every statement;
            // readAutoCommit(): no transaction around the statements, each is its own (and sees its own snapshot)
            String now = "SELECT now()::text";
            String pause = "SELECT pg_catalog.pg_sleep(0.01)::text";
            List<String> inTransaction = ds.read(c -> List.of(queryString(c, now), queryString(c, pause),
                    queryString(c, now), inRecovery(c)));
            assertThat(inTransaction.get(0)).isEqualTo(inTransaction.get(2));
            assertThat(inTransaction.get(3)).isEqualTo("true");
            List<String> autoCommit = ds.readAutoCommit(c -> List.of(queryString(c, now), queryString(c, pause),
                    queryString(c, now), inRecovery(c)));
            assertThat(autoCommit.get(0)).isNotEqualTo(autoCommit.get(2));
            assertThat(autoCommit.get(3)).isEqualTo("true");
            String autoCommitReader = ds.readAutoCommit(LabQueries::instanceId);
            assertThat(autoCommitReader).isNotEqualTo(lab.writerId()).startsWith("instance-");
            boolean writeAutoCommit = ds.write(Connection::getAutoCommit);
            assertThat(writeAutoCommit).as("a write after readAutoCommit is a transaction again").isFalse();

            try (Connection c = ds.getConnection()) {
                assertThat(instanceId(c)).isEqualTo(lab.writerId());
                c.setReadOnly(true);
                assertThat(instanceId(c)).isNotEqualTo(lab.writerId());
                c.setReadOnly(false);
                assertThat(instanceId(c)).isEqualTo(lab.writerId());
            }
            assertThat(wrapperThreads()).as("wrapper threads while open").isPositive();
        }
        awaitNoWrapperThreads();
    }

    @Test
    @Order(2)
    void driverManagerAndAPlainHikariPoolTakeTheAuroraUrl(AuroraLab lab) throws Exception {
        try (Connection c = DriverManager.getConnection(lab.jdbcUrl(), lab.credentials())) {
            assertThat(instanceId(c)).isEqualTo(lab.writerId());
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(lab.jdbcUrl() + "?preset=fast-failover");
        config.setUsername(lab.user());
        config.setPassword(lab.password());
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection()) {
            assertThat(instanceId(c)).isEqualTo(lab.writerId());
            c.setReadOnly(true);
            assertThat(queryString(c, "SELECT pg_catalog.pg_is_in_recovery()::text")).isEqualTo("true");
        }
    }

    @Test
    @Order(3)
    void aDataSourceOpenedAfterTheLastOneClosedRunsATopologyMonitorAgain(AuroraLab lab) throws Exception {
        // closing the last data source stops the wrapper's monitors; the wrapper starts a topology monitor only where
        // it has no cached topology, so the cache must go with them
        for (int i = 1; i <= 2; i++) {
            try (AuroraDataSource ds = AuroraDataSource.fromUrl(lab.jdbcUrl() + "?preset=fast-failover",
                    lab.credentials())) {
                assertThat(ds.write(LabQueries::instanceId)).isEqualTo(lab.writerId());
                String clusterId = ds.config().wrapperProperties().getProperty("clusterId");
                assertThat(Await.until(Duration.ofSeconds(10), () -> CoreServicesContainer.getInstance()
                        .getMonitorService().get(ClusterTopologyMonitorImpl.class, clusterId) != null))
                        .as("data source %d on %s runs a topology monitor", i, clusterId).isTrue();
            }
        }
    }

    @Test
    @Order(4)
    void aPlainPostgresHostIsAnOrdinaryPoolWithSplittingInert(AuroraLab lab) throws Exception {
        URI direct = URI.create(lab.directJdbcUrl(lab.writerId()).substring("jdbc:".length()));
        String plainUrl = "jdbc:aurora:postgresql://" + direct.getHost() + ":" + direct.getPort() + "/" + lab.database();
        try (AuroraDataSource ds = AuroraDataSource.fromUrl(plainUrl, lab.credentials())) {
            assertThat(ds.config().failoverDisabledReason()).isPresent();
            String writer = ds.write(LabQueries::instanceId);
            assertThat(writer).isEqualTo(lab.writerId());
            // no topology, no splitting: a read-only transaction on the same host
            String read = ds.read(c -> queryString(c, "SHOW transaction_read_only") + " " + instanceId(c));
            assertThat(read).isEqualTo("on " + lab.writerId());
        }
    }

    private static String inRecovery(Connection c) throws SQLException {
        return queryString(c, "SELECT pg_catalog.pg_is_in_recovery()::text");
    }

    private static void awaitReplicated(AuroraDataSource ds) throws Exception {
        String rows = Await.value(Duration.ofSeconds(10),
                () -> ds.read(c -> queryString(c, "SELECT count(*)::text FROM core_on_lab")), n -> !n.equals("0"));
        assertThat(rows).as("row replicated to the reader within 10 s").isNotEqualTo("0");
    }

    private static Object execute(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
        return null;
    }


    private static long wrapperThreads() {
        return WrapperThreads.alive().size();
    }

    private static void awaitNoWrapperThreads() throws InterruptedException {
        assertThat(WrapperThreads.awaitNone(Duration.ofSeconds(10))).as("wrapper monitor threads 10 s after the last"
                + " close").isEmpty();
    }
}
