package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code rds.extensions} is a row of {@code pg_catalog.pg_settings} listing {@code aurora_stat_utils} on every instance
 * and in every database, as on Aurora PostgreSQL (where the AWS wrapper's dialect detection looks), also after a
 * failover and after the crashed old writer was re-cloned; and the redefined view still behaves like PostgreSQL's
 * (same columns, every real setting, {@code UPDATE pg_settings} still sets on the writer and is refused on a reader,
 * {@code SET}/{@code SHOW} agree).
 */
class AuroraLabDialectSettingsTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(1);

    /** Exactly what AuroraPgDialect.isDialect runs (aws-advanced-jdbc-wrapper 4.3.0). */
    private static final String AURORA_UTILS_EXIST_QUERY = "SELECT (setting LIKE '%aurora_stat_utils%') AS "
            + "aurora_stat_utils FROM pg_catalog.pg_settings WHERE name OPERATOR(pg_catalog.=) 'rds.extensions'";
    /** Exactly what RdsPgDialect.isDialect runs: RDS for PostgreSQL is rds_tools without aurora_stat_utils. */
    private static final String EXTENSIONS_EXIST_SQL = "SELECT (setting LIKE '%rds_tools%') AS rds_tools, "
            + "(setting LIKE '%aurora_stat_utils%') AS aurora_stat_utils FROM pg_catalog.pg_settings "
            + "WHERE name OPERATOR(pg_catalog.=) 'rds.extensions'";
    /** PostgreSQL 15's pg_settings columns, in order. */
    private static final List<String> COLUMNS = List.of("name", "setting", "unit", "category", "short_desc",
            "extra_desc", "context", "vartype", "source", "min_val", "max_val", "enumvals", "boot_val", "reset_val",
            "sourcefile", "sourceline", "pending_restart");
    /** A login without superuser rights, as applications use. */
    private static final String APP_USER = "lab_app";
    private static final String APP_PASSWORD = "lab-app-pw";

    @BeforeAll
    static void createApplicationUser(AuroraLab lab) throws Exception {
        try (Connection c = lab.connectDirect(lab.writerId()); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + APP_USER + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
        }
        for (LabInstance instance : lab.instances()) {
            assertThat(Await.until(Duration.ofSeconds(10), () -> {
                try (Connection c = appConnection(lab, instance.id())) {
                    return c.isValid(1);
                }
            })).as("%s replicated to %s", APP_USER, instance.id()).isTrue();
        }
    }

    @Test
    void everyInstanceAndDatabaseListsAuroraStatUtils(AuroraLab lab) throws Exception {
        assertEveryInstance(lab, "at start");
    }

    @Test
    void theRowSurvivesAFailoverAndAReClone(AuroraLab lab) throws Exception {
        FailoverReport planned = lab.failover();
        assertThat(planned.newWriterId()).isEqualTo(lab.writerId());
        assertEveryInstance(lab, "after failover()");
        // the crashed writer comes back as a fresh pg_basebackup of the new writer
        FailoverReport crash = lab.crashWriter();
        assertThat(crash.newWriterId()).isNotEqualTo(crash.oldWriterId());
        lab.awaitHealthy(Duration.ofSeconds(30));
        assertEveryInstance(lab, "after crashWriter() and the re-clone");
    }

    @Test
    void pgSettingsStillBehavesLikePostgres(AuroraLab lab) throws Exception {
        for (LabInstance instance : lab.instances()) {
            try (Connection c = appConnection(lab, instance.id()); Statement s = c.createStatement()) {
                String where = instance.id() + " (" + instance.role() + ")";
                try (ResultSet rs = s.executeQuery("SELECT * FROM pg_catalog.pg_settings LIMIT 0")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    List<String> columns = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        columns.add(meta.getColumnName(i));
                    }
                    assertThat(columns).as("pg_settings columns on %s", where).isEqualTo(COLUMNS);
                }
                assertThat(LabQueries.queryString(c, "SELECT (SELECT count(*) FROM pg_catalog.pg_settings) - "
                        + "(SELECT count(*) FROM pg_catalog.pg_show_all_settings())"))
                        .as("every real setting plus rds.extensions on %s", where).isEqualTo("1");

                String update = "UPDATE pg_catalog.pg_settings SET setting = '5MB' WHERE name = 'work_mem'";
                if (instance.role() == LabInstance.Role.WRITER) {
                    s.execute(update);
                    assertThat(LabQueries.queryString(c, "SHOW work_mem")).as("UPDATE pg_settings on %s", where)
                            .isEqualTo("5MB");
                } else {
                    // as with PostgreSQL's own view: its UPDATE rule is refused in a read-only transaction
                    assertThatThrownBy(() -> s.execute(update)).as("UPDATE pg_settings on %s", where)
                            .isInstanceOfSatisfying(SQLException.class,
                                    e -> assertThat(e.getSQLState()).isEqualTo("25006"));
                }
                s.execute("SET work_mem = '7MB'");
                assertThat(LabQueries.queryString(c,
                        "SELECT setting || unit FROM pg_catalog.pg_settings WHERE name = 'work_mem'"))
                        .as("SET shows in pg_settings on %s", where).isEqualTo("7168kB");
                assertThat(LabQueries.queryString(c, "SELECT pg_catalog.current_setting('rds.extensions')"))
                        .isEqualTo(LabQueries.queryString(c, "SHOW rds.extensions"))
                        .isEqualTo(LabQueries.queryString(c,
                                "SELECT setting FROM pg_catalog.pg_settings WHERE name = 'rds.extensions'"));
            }
        }
    }

    private static void assertEveryInstance(AuroraLab lab, String when) throws SQLException {
        for (LabInstance instance : lab.instances()) {
            String id = instance.id();
            for (String database : List.of("template1", "postgres", lab.database())) {
                try (Connection c = connect(lab, id, database, lab.credentials())) {
                    assertListsAuroraStatUtils(c, id + " (" + instance.role() + ") " + database + " as " + lab.user()
                            + " " + when);
                }
            }
            try (Connection c = appConnection(lab, id)) {
                assertListsAuroraStatUtils(c, id + " (" + instance.role() + ") lab as " + APP_USER + " " + when);
            }
        }
    }

    private static void assertListsAuroraStatUtils(Connection c, String where) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT setting FROM pg_catalog.pg_settings WHERE name = 'rds.extensions'")) {
            assertThat(rs.next()).as("an rds.extensions row on %s", where).isTrue();
            assertThat(rs.getString(1)).as("rds.extensions on %s", where).contains("aurora_stat_utils");
            assertThat(rs.next()).as("one rds.extensions row on %s", where).isFalse();
        }
        assertThat(LabQueries.queryString(c, AURORA_UTILS_EXIST_QUERY)).as("AuroraPgDialect's check on %s", where)
                .isEqualTo("t");
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(EXTENSIONS_EXIST_SQL)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean("rds_tools") && !rs.getBoolean("aurora_stat_utils"))
                    .as("RdsPgDialect's check on %s", where).isFalse();
        }
    }

    private static Connection appConnection(AuroraLab lab, String id) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", APP_USER);
        p.setProperty("password", APP_PASSWORD);
        return connect(lab, id, lab.database(), p);
    }

    private static Connection connect(AuroraLab lab, String id, String database, Properties credentials)
            throws SQLException {
        Properties p = new Properties();
        p.putAll(credentials);
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "30");
        String url = lab.directJdbcUrl(id);
        return DriverManager.getConnection(url.substring(0, url.lastIndexOf('/') + 1) + database, p);
    }
}
