package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabQueries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14 item 6: Flyway 13 configured with the {@code jdbc:aurora:postgresql://} URL alone (aurora-kit's Flyway
 * plugin picks {@code AuroraDriver}) migrates V1, and after a planned failover and after a writer crash the next
 * {@code migrate()} applies V2 and V3 on the new writer, at once: every {@code migrate()} opens fresh connections
 * through the cluster endpoint, so a failover between migrations costs nothing. The schema history holds every version
 * once, successful, and {@code info()}/{@code validate()} are clean. A migration cut by a crash fails, keeps nothing,
 * and is applied once by the next {@code migrate()} (no retry inside Flyway or aurora-kit: re-running is the user's
 * deployment step).
 */
class FlywayMigratesAcrossFailoverTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final String HISTORY = "flyway_schema_history";
    private static final String CUT_SCHEMA = "fw_cut";
    /** Well below the 60 s failover timeout a migrate stuck on the old writer would wait; generous for a busy machine. */
    private static final Duration MIGRATE_AFTER_FAILOVER = Duration.ofSeconds(15);

    @Test
    void migrationsBetweenFailoversLandOnTheCurrentWriter(AuroraLab lab, @TempDir Path migrations) throws Exception {
        Flyway flyway = Flyway.configure()
                .dataSource(lab.jdbcUrl(), lab.user(), lab.password())
                .locations("filesystem:" + migrations)
                .load();

        // V1 records where it ran: the migrations themselves say which instance was the writer.
        write(migrations, "V1__create_releases.sql", """
                CREATE TABLE fw_releases (version int PRIMARY KEY, instance text NOT NULL);
                INSERT INTO fw_releases VALUES (1, pg_catalog.aurora_db_instance_identifier());
                """);
        String firstWriter = lab.writerId();
        assertApplied(flyway.migrate(), 1, "1");
        assertThat(ranOn(lab, firstWriter, 1)).isEqualTo(firstWriter);

        FailoverReport failover = lab.failover();
        assertThat(failover.writerChanged()).as("planned failover: %s", failover).isTrue();
        write(migrations, "V2__add_note.sql", """
                ALTER TABLE fw_releases ADD COLUMN note text;
                INSERT INTO fw_releases VALUES (2, pg_catalog.aurora_db_instance_identifier(), 'after failover()');
                """);
        assertApplied(timedMigrate(flyway, "V2 after failover()"), 1, "2");
        String secondWriter = failover.newWriterId();
        assertThat(ranOn(lab, secondWriter, 2)).as("V2 ran on the new writer").isEqualTo(secondWriter);

        FailoverReport crash = lab.crashWriter();
        assertThat(crash.writerChanged()).as("crash: %s", crash).isTrue();
        write(migrations, "V3__index_note.sql", """
                CREATE INDEX fw_releases_note ON fw_releases (note);
                INSERT INTO fw_releases VALUES (3, pg_catalog.aurora_db_instance_identifier(), 'after crashWriter()');
                """);
        assertApplied(timedMigrate(flyway, "V3 after crashWriter()"), 1, "3");
        String lastWriter = crash.newWriterId();
        assertThat(ranOn(lab, lastWriter, 3)).as("V3 ran on the writer after the crash").isEqualTo(lastWriter);

        for (String version : List.of("1", "2", "3")) {
            assertThat(LabQueries.count(lab, lastWriter, "SELECT count(*) FROM " + HISTORY + " WHERE version = '"
                    + version + "' AND success")).as("V%s in the schema history, once, successful", version)
                    .isEqualTo(1);
        }
        assertThat(LabQueries.count(lab, lastWriter, "SELECT count(*) FROM " + HISTORY + " WHERE NOT success"))
                .isZero();
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        flyway.validate();
        MigrationInfo[] all = flyway.info().all();
        assertThat(Arrays.stream(all).map(MigrationInfo::getState)).containsOnly(MigrationState.SUCCESS).hasSize(3);
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.info().current().getVersion().getVersion()).isEqualTo("3");
        assertThat(flyway.migrate().migrationsExecuted).as("nothing left to migrate").isZero();
    }

    /**
     * A crash in the middle of a migration fails that {@code migrate()} (the wrapper fails over and reports the cut
     * transaction as 08007) and leaves no trace: on PostgreSQL the migration and its schema-history row share one
     * transaction, so nothing of V2 is recorded or kept, and no advisory lock outlives the old writer. Running
     * {@code migrate()} again - what a deployment retry does - applies V2 once, on the new writer.
     */
    @Test
    void aMigrationCutByACrashFailsAndTheNextMigrateAppliesItOnce(AuroraLab lab, @TempDir Path migrations)
            throws Exception {
        Flyway flyway = Flyway.configure()
                .dataSource(lab.jdbcUrl(), lab.user(), lab.password())
                .schemas(CUT_SCHEMA)
                .locations("filesystem:" + migrations)
                .load();
        write(migrations, "V1__create_steps.sql", """
                CREATE TABLE steps (version int PRIMARY KEY, instance text NOT NULL);
                """);
        assertApplied(flyway.migrate(), 1, "1");

        String oldWriter = lab.writerId();
        // Slow only on the old writer, so the crash lands inside it and the re-run is quick.
        write(migrations, "V2__slow_step.sql", """
                INSERT INTO steps VALUES (2, pg_catalog.aurora_db_instance_identifier());
                SELECT pg_catalog.pg_sleep(
                    CASE WHEN pg_catalog.aurora_db_instance_identifier() = '%s' THEN 60 ELSE 0 END);
                """.formatted(oldWriter));
        CompletableFuture<MigrateResult> cut = CompletableFuture.supplyAsync(flyway::migrate);
        assertThat(lab.awaitActiveStatement(oldWriter, "pg_sleep", Duration.ofSeconds(10)))
                .as("V2 in flight on the writer").isTrue();
        FailoverReport crash = lab.crashWriter();
        String newWriter = crash.newWriterId();
        assertThat(crash.writerChanged()).as("crash: %s", crash).isTrue();

        Throwable failure = catchThrowable(() -> cut.get(60, TimeUnit.SECONDS));
        assertThat(failure).as("the cut migrate()").isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(FlywayMigrateException.class)
                .hasMessageContaining("V2__slow_step.sql");
        assertThat(((FlywayMigrateException) failure.getCause()).getSqlState()).as("SQLState of the cut migration")
                .isIn("08007", "08S02");
        assertThat(LabQueries.count(lab, newWriter, "SELECT count(*) FROM " + CUT_SCHEMA + "." + HISTORY
                + " WHERE version IS NOT NULL")).as("only V1 recorded, no failed V2 row").isEqualTo(1);
        assertThat(LabQueries.count(lab, newWriter, "SELECT count(*) FROM " + CUT_SCHEMA + ".steps")).isZero();

        assertApplied(flyway.migrate(), 1, "2");
        assertThat(LabQueries.queryStringOn(lab, newWriter,
                "SELECT string_agg(version || ':' || instance, ',') FROM " + CUT_SCHEMA + ".steps"))
                .as("V2 ran once, on the new writer").isEqualTo("2:" + newWriter);
        assertThat(LabQueries.count(lab, newWriter, "SELECT count(*) FROM " + CUT_SCHEMA + "." + HISTORY
                + " WHERE version = '2' AND success")).isEqualTo(1);
        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        assertThat(flyway.info().pending()).isEmpty();
    }

    /** The first migrate() after a failover: no wait for failover detection or timeouts, it starts fresh. */
    private static MigrateResult timedMigrate(Flyway flyway, String what) {
        long start = System.nanoTime();
        MigrateResult result = flyway.migrate();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("%s took", what).isLessThan(MIGRATE_AFTER_FAILOVER);
        return result;
    }

    private static void assertApplied(MigrateResult result, int executed, String version) {
        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).as("migrations executed").isEqualTo(executed);
        assertThat(result.targetSchemaVersion).isEqualTo(version);
        assertThat(result.database).isEqualTo("lab");
    }

    private static String ranOn(AuroraLab lab, String instance, int version) throws SQLException {
        return LabQueries.queryStringOn(lab, instance, "SELECT instance FROM fw_releases WHERE version = " + version);
    }

    private static void write(Path dir, String name, String sql) throws IOException {
        Files.writeString(dir.resolve(name), sql);
    }
}
