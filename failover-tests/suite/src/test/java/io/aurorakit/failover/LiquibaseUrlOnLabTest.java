package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
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
 * writer, each changeset once, the changelog lock released.
 */
class LiquibaseUrlOnLabTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final String CHANGELOG = "changelog.sql";

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

    /** {@code liquibase update --url=... --username=... --password=... --changelog-file=changelog.sql}, in-process. */
    private static void update(AuroraLab lab, Path dir) throws Exception {
        try (DirectoryResourceAccessor accessor = new DirectoryResourceAccessor(dir)) {
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), accessor, AnalyticsArgs.ENABLED.getKey(), false),
                    () -> new CommandScope("update")
                            .addArgumentValue("url", lab.jdbcUrl())
                            .addArgumentValue("username", lab.user())
                            .addArgumentValue("password", lab.password())
                            .addArgumentValue("changelogFile", CHANGELOG)
                            .execute());
        }
    }

    private static String releaseRanOn(AuroraLab lab, String instance, int version) throws Exception {
        return LabQueries.queryStringOn(lab, instance, "SELECT instance FROM lb_releases WHERE version = " + version);
    }
}
