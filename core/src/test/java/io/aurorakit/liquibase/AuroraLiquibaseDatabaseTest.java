package io.aurorakit.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurorakit.AuroraDriver;
import liquibase.database.DatabaseFactory;
import liquibase.database.core.PostgresDatabase;
import liquibase.exception.DatabaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

/** Liquibase 4's view of jdbc:aurora:postgresql URLs, without a database (the lab test is in the failover suite). */
class AuroraLiquibaseDatabaseTest {

    private static final String SECRET = "c0rrect-h0rse";

    @Test
    void liquibaseFindsAuroraDriverForAuroraUrlsOnly() {
        DatabaseFactory factory = DatabaseFactory.getInstance();
        assertThat(factory.findDefaultDriver("jdbc:aurora:postgresql://h:5432/db?preset=fast-failover"))
                .isEqualTo(AuroraDriver.class.getName());
        assertThat(factory.findDefaultDriver("jdbc:postgresql://h/db")).isEqualTo("org.postgresql.Driver");
        assertThat(factory.findDefaultDriver("jdbc:aurora:mysql://h/db")).isNull();
    }

    @Test
    void withoutItLiquibaseKnowsNoDriverForAuroraUrls() {
        assertThat(DatabaseFactory.getInstance().getImplementedDatabases().stream()
                .filter(d -> !(d instanceof AuroraLiquibaseDatabase))
                .map(d -> d.getDefaultDriver("jdbc:aurora:postgresql://h/db"))
                .filter(java.util.Objects::nonNull))
                .as("Liquibase 4.33 alone: 'Driver class was not specified and could not be determined from the url'")
                .isEmpty();
    }

    @Test
    void hidesNoDatabaseAndNeverClaimsAConnection() throws DatabaseException {
        DatabaseFactory factory = DatabaseFactory.getInstance();
        assertThat(factory.getDatabase("postgresql")).isExactlyInstanceOf(PostgresDatabase.class);
        assertThat(factory.getDatabase(AuroraLiquibaseDatabase.SHORT_NAME))
                .isExactlyInstanceOf(AuroraLiquibaseDatabase.class);
        assertThat(new AuroraLiquibaseDatabase().isCorrectDatabaseImplementation(null)).isFalse();
    }

    @Test
    void aUrlAloneReachesAuroraDriversOwnErrorForABadSetting() {
        assertThatThrownBy(() -> DatabaseFactory.getInstance().openDatabase(
                "jdbc:aurora:postgresql://h/db?preset=quick", "app", SECRET, null, new ClassLoaderResourceAccessor()))
                .isInstanceOf(DatabaseException.class)
                .hasMessageNotContaining("Driver class was not specified")
                .hasStackTraceContaining("preset='quick' is unknown")
                .hasMessageNotContaining(SECRET);
    }
}
