package io.aurorakit.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurorakit.AuroraDriver;
import java.util.ServiceLoader;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.extensibility.Plugin;
import org.flywaydb.core.internal.database.DatabaseTypeRegister;
import org.flywaydb.core.internal.database.GeneralDatabaseType;
import org.flywaydb.core.internal.jdbc.DriverDataSource;
import org.junit.jupiter.api.Test;

/** Flyway 13's view of jdbc:aurora:postgresql URLs, without a database (the lab test is in the failover suite). */
class AuroraFlywayDatabaseTypeTest {

    private static final String AURORA_URL = "jdbc:aurora:postgresql://mycluster.cluster-abc.us-east-1.rds.amazonaws.com/app";
    private static final String SECRET = "c0rrect-h0rse";

    @Test
    void isAFlywayPluginFoundByServiceLoader() {
        assertThat(ServiceLoader.load(Plugin.class).stream().map(p -> p.type().getName()))
                .contains(AuroraFlywayDatabaseType.class.getName());
    }

    @Test
    void flywayHandsAuroraUrlsToItAndNothingElse() {
        assertThat(names(AURORA_URL)).containsExactly("Aurora PostgreSQL (aurora-kit)");
        assertThat(names("jdbc:aurora:postgresql://h:5432/db?preset=fast-failover")).hasSize(1);
        assertThat(names("jdbc:postgresql://h/db")).contains(FlywayPostgres.NAME)
                .doesNotContain("Aurora PostgreSQL (aurora-kit)");
        assertThat(names("jdbc:aws-wrapper:postgresql://h/db")).doesNotContain("Aurora PostgreSQL (aurora-kit)");
        assertThat(names("jdbc:aurora:mysql://h/db")).isEmpty();
    }

    @Test
    void loadsAuroraDriverForTheUrl() {
        DriverDataSource ds = new DriverDataSource(getClass().getClassLoader(), null, AURORA_URL, "app", SECRET);
        assertThat(ds.getDriver()).isInstanceOf(AuroraDriver.class);
        assertThat(new DriverDataSource(getClass().getClassLoader(), null, "jdbc:postgresql://h/db", "app", SECRET)
                .getDriver()).isInstanceOf(org.postgresql.Driver.class);
    }

    @Test
    void neverTypesAConnectionSoFlywaysPostgresqlSupportHandlesTheDatabase() {
        AuroraFlywayDatabaseType type = new AuroraFlywayDatabaseType();
        assertThat(type.handlesDatabaseProductNameAndVersion("PostgreSQL", "15.8", null)).isFalse();
        assertThat(type.getPriority()).isGreaterThan(FlywayPostgres.type().getPriority());
        assertThat(FlywayPostgres.type().getClass().getName())
                .isEqualTo("org.flywaydb.database.postgresql.PostgreSQLDatabaseType");
    }

    @Test
    void dependsOnFlywayCoreAloneSoItLoadsWithoutThePostgresqlModule() {
        for (Class<?> c = AuroraFlywayDatabaseType.class.getSuperclass(); c != Object.class; c = c.getSuperclass()) {
            assertThat(c.getPackageName()).as("superclass %s", c.getName()).startsWith("org.flywaydb.core.");
        }
    }

    @Test
    void flywayReachesAuroraDriversOwnErrorForABadSetting() {
        Flyway flyway = Flyway.configure()
                .dataSource("jdbc:aurora:postgresql://h/db?preset=quick&password=" + SECRET, "app", SECRET)
                .load();
        assertThatThrownBy(flyway::migrate)
                .isInstanceOf(FlywayException.class)
                .hasMessageNotContaining("No Flyway database plugin")
                .hasStackTraceContaining("preset='quick' is unknown")
                .hasMessageNotContaining(SECRET);
    }

    private static java.util.List<String> names(String url) {
        return DatabaseTypeRegister.getDatabaseTypesForUrl(url, null).stream().map(GeneralDatabaseType::getName)
                .toList();
    }
}
