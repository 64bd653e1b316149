package io.aurorakit.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurorakit.AuroraDriver;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.extensibility.Plugin;
import org.flywaydb.core.internal.database.DatabaseTypeRegister;
import org.flywaydb.core.internal.database.GeneralDatabaseType;
import org.flywaydb.core.internal.jdbc.DriverDataSource;
import org.junit.jupiter.api.Test;

/** Flyway 13's view of jdbc:aurora:postgresql URLs, without a database (the lab test is in the failover suite). */
class AuroraFlywayDatabaseTypeTest {

    private static final String AURORA_URL =
            "jdbc:aurora:postgresql://mycluster.cluster-abc.us-east-1.rds.amazonaws.com/app";
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
    void withoutFlywaysPostgresqlModuleOtherDatabasesStillWorkAndAuroraUrlsNameTheMissingModule() throws Exception {
        try (URLClassLoader withoutModule = classPathWithout("flyway-database-postgresql")) {
            Class<?> register = Class.forName(DatabaseTypeRegister.class.getName(), true, withoutModule);
            Method forUrl = register.getMethod("getDatabaseTypesForUrl", String.class,
                    withoutModule.loadClass(Configuration.class.getName()));
            assertThat((List<?>) forUrl.invoke(null, "jdbc:h2:mem:x", null)).as("Flyway's plugin discovery")
                    .isNotEmpty();
            assertThat((List<?>) forUrl.invoke(null, AURORA_URL, null)).hasSize(1);

            Class<?> flyway = withoutModule.loadClass(Flyway.class.getName());
            Object config = flyway.getMethod("configure", ClassLoader.class).invoke(null, withoutModule);
            Method dataSource = config.getClass().getMethod("dataSource", String.class, String.class, String.class);
            assertThatThrownBy(() -> dataSource.invoke(config, AURORA_URL, "app", SECRET))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause().hasMessageContaining("add org.flywaydb:flyway-database-postgresql")
                    .hasMessageNotContaining(SECRET);
        }
    }

    /** The test class path minus the jars whose name starts with {@code artifact}, under the platform loader. */
    private static URLClassLoader classPathWithout(String artifact) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!path.getFileName().toString().startsWith(artifact)) {
                urls.add(path.toUri().toURL());
            }
        }
        assertThat(urls).as("class path entries").hasSizeGreaterThan(5);
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
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

    private static List<String> names(String url) {
        return DatabaseTypeRegister.getDatabaseTypesForUrl(url, null).stream().map(GeneralDatabaseType::getName)
                .toList();
    }
}
