package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import liquibase.Scope;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.command.CommandScope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.core.PostgresDatabase;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 item 6: Liquibase 4.33 given only the {@code jdbc:aurora:postgresql://} URL (no driver class: core's
 * {@code AuroraLiquibaseDatabase} names {@code AuroraDriver}) opens the lab through the wrapper, picks its own
 * {@link PostgresDatabase}, and {@code update} applies a changelog - again right after a planned failover, on the new
 * writer, each changeset once, the changelog lock released. An update cut by a crash fails, keeps nothing, and the
 * next update applies the changeset once.
 */
class LiquibaseUrlOnLabTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final String CHANGELOG = "changelog.sql";
    private static final String CUT_SCHEMA = "lb_cut";

    @Test
    void updateThroughTheUrlAppliesTheChangelogBeforeAndAfterAFailover(AuroraLab lab, @TempDir Path dir)
            throws Exception {
        Path changelog = dir.resolve(CHANGELOG);
        Files.writeString(changelog, """
                --liquibase formatted sql

                --changeset aurorakit:1
                CREATE TABLE lb_releases (version int PRIMARY KEY, instance text NOT NULL);
                INSERT INTO lb_releases VALUES (1, pg_catalog.aurora_db_instance_identifier());
                """);
        String firstWriter = lab.writerId();
        update(lab, dir);
        assertThat(releaseRanOn(lab, firstWriter, 1)).isEqualTo(firstWriter);

        try (DirectoryResourceAccessor accessor = new DirectoryResourceAccessor(dir)) {
            Database database = DatabaseFactory.getInstance().openDatabase(lab.jdbcUrl(), lab.user(), lab.password(),
                    null, accessor);
            try {
                assertThat(database).as("Liquibase's own PostgreSQL support handles the connection")
                        .isExactlyInstanceOf(PostgresDatabase.class);
                assertThat(database.getConnection().getURL()).startsWith("jdbc:");
            } finally {
                database.close();
            }
        }

        FailoverReport failover = lab.failover();
        assertThat(failover.writerChanged()).as("planned failover: %s", failover).isTrue();
        Files.writeString(changelog, """

                --changeset aurorakit:2
                INSERT INTO lb_releases VALUES (2, pg_catalog.aurora_db_instance_identifier());
                """, StandardOpenOption.APPEND);
        update(lab, dir);
        String newWriter = failover.newWriterId();
        assertThat(releaseRanOn(lab, newWriter, 2)).as("changeset 2 ran on the new writer").isEqualTo(newWriter);

        assertThat(LabQueries.queryStringOn(lab, newWriter,
                "SELECT string_agg(id || ':' || exectype, ',' ORDER BY orderexecuted) FROM databasechangelog"))
                .as("each changeset once").isEqualTo("1:EXECUTED,2:EXECUTED");
        assertThat(LabQueries.count(lab, newWriter, "SELECT count(*) FROM databasechangeloglock WHERE locked"))
                .as("changelog lock released").isZero();

        update(lab, dir);
        assertThat(LabQueries.count(lab, newWriter, "SELECT count(*) FROM databasechangelog"))
                .as("a third update finds nothing to do").isEqualTo(2);
    }

    /**
     * A crash in the middle of a changeset fails that {@code update} (the wrapper reports the cut transaction as
     * 08007) and leaves nothing behind: the changeset is not recorded, and the changelog lock is released (Liquibase
     * releases it on the failed-over connection, now on the new writer). The next {@code update} applies it once.
     */
    @Test
    void anUpdateCutByACrashFailsAndTheNextUpdateAppliesItOnce(AuroraLab lab, @TempDir Path dir) throws Exception {
        try (Connection c = lab.connectDirect(lab.writerId()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + CUT_SCHEMA);
        }
        Path changelog = dir.resolve(CHANGELOG);
        Files.writeString(changelog, """
                --liquibase formatted sql

                --changeset aurorakit:1
                CREATE TABLE lb_cut.steps (version int PRIMARY KEY, instance text NOT NULL);
                """);
        update(lab, dir, CUT_SCHEMA);

        String oldWriter = lab.writerId();
        // Slow only on the old writer, so the crash lands inside it and the re-run is quick.
        Files.writeString(changelog, """

                --changeset aurorakit:2
                INSERT INTO lb_cut.steps VALUES (2, pg_catalog.aurora_db_instance_identifier());
                SELECT pg_catalog.pg_sleep(
                    CASE WHEN pg_catalog.aurora_db_instance_identifier() = '%s' THEN 60 ELSE 0 END);
                """.formatted(oldWriter), StandardOpenOption.APPEND);
        CompletableFuture<Void> cut = CompletableFuture.runAsync(() -> {
            try {
                update(lab, dir, CUT_SCHEMA);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        assertThat(lab.awaitActiveStatement(oldWriter, "pg_sleep", Duration.ofSeconds(10)))
                .as("changeset 2 in flight on the writer").isTrue();
        FailoverReport crash = lab.crashWriter();
        String newWriter = crash.newWriterId();
        assertThat(crash.writerChanged()).as("crash: %s", crash).isTrue();

        Throwable failure = catchThrowable(() -> cut.get(60, TimeUnit.SECONDS));
        assertThat(failure).as("the cut update").isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(SQLException.class)
                .hasStackTraceContaining("Migration failed for changeset changelog.sql::2::aurorakit");
        assertThat(((SQLException) rootCause(failure)).getSQLState()).isIn("08007", "08S02");
        assertThat(changesets(lab, newWriter)).as("only changeset 1 recorded").isEqualTo("1:EXECUTED");
        assertThat(LabQueries.count(lab, newWriter, "SELECT count(*) FROM " + CUT_SCHEMA
                + ".databasechangeloglock WHERE locked")).as("changelog lock released").isZero();

        update(lab, dir, CUT_SCHEMA);
        assertThat(changesets(lab, newWriter)).isEqualTo("1:EXECUTED,2:EXECUTED");
        assertThat(LabQueries.queryStringOn(lab, newWriter,
                "SELECT string_agg(version || ':' || instance, ',') FROM " + CUT_SCHEMA + ".steps"))
                .as("changeset 2 ran once, on the new writer").isEqualTo("2:" + newWriter);
    }

    private static String changesets(AuroraLab lab, String instance) throws SQLException {
        return LabQueries.queryStringOn(lab, instance, "SELECT string_agg(id || ':' || exectype, ',' ORDER BY"
                + " orderexecuted) FROM " + CUT_SCHEMA + ".databasechangelog");
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    private static void update(AuroraLab lab, Path dir) throws Exception {
        update(lab, dir, null);
    }

    /**
     * {@code liquibase update --url=... --username=... --password=... --changelog-file=changelog.sql
     * [--default-schema-name=...]}, in-process.
     */
    private static void update(AuroraLab lab, Path dir, String schema) throws Exception {
        try (DirectoryResourceAccessor accessor = new DirectoryResourceAccessor(dir)) {
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), accessor, AnalyticsArgs.ENABLED.getKey(), false),
                    () -> new CommandScope("update")
                            .addArgumentValue("url", lab.jdbcUrl())
                            .addArgumentValue("username", lab.user())
                            .addArgumentValue("password", lab.password())
                            .addArgumentValue("changelogFile", CHANGELOG)
                            .addArgumentValue("defaultSchemaName", schema)
                            .execute());
        }
    }

    private static String releaseRanOn(AuroraLab lab, String instance, int version) throws Exception {
        return LabQueries.queryStringOn(lab, instance, "SELECT instance FROM lb_releases WHERE version = " + version);
    }
}
