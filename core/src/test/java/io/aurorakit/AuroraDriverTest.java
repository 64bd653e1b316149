package io.aurorakit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The jdbc:aurora:postgresql driver without a database. */
class AuroraDriverTest {

    private static final String SECRET = "c0rrect-h0rse";

    @Test
    void isRegisteredWithDriverManagerAndAsAService() throws SQLException {
        assertThat(DriverManager.getDriver("jdbc:aurora:postgresql://h/db")).isInstanceOf(AuroraDriver.class);
        assertThat(ServiceLoader.load(Driver.class).stream().map(p -> p.type().getName()))
                .contains(AuroraDriver.class.getName());
    }

    @Test
    void acceptsEveryAuroraUrlAndExplainsTheWrongOnes() throws SQLException {
        AuroraDriver d = new AuroraDriver();
        assertThat(d.acceptsURL("jdbc:aurora:postgresql://h:5432/db")).isTrue();
        assertThat(d.acceptsURL("jdbc:aurora:mysql://h/db")).isTrue();
        assertThat(d.acceptsURL("jdbc:postgresql://h/db")).isFalse();
        assertThat(d.acceptsURL(null)).isFalse();
        assertThat(d.connect("jdbc:postgresql://h/db", new Properties())).isNull();
        assertThatThrownBy(() -> d.connect("jdbc:aurora:mysql://app:" + SECRET + "@h/db?password=" + SECRET, null))
                .isInstanceOf(SQLNonTransientConnectionException.class)
                .hasMessageContaining("aurora-kit supports only PostgreSQL")
                .hasMessageContaining("expected jdbc:aurora:postgresql://")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void driverManagerExplainsAWrongAuroraUrlWithoutThePassword() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:aurora:mysql://h/db?user=app&password=" + SECRET))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("aurora-kit supports only PostgreSQL")
                .hasMessageNotContaining("No suitable driver")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void wrapperExceptionsCarryNoStateSnapshotByDefault() {
        assertThatThrownBy(AuroraDriverTest::connectToAClosedPort)
                .isInstanceOf(SQLException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(t.getSuppressed()).as("suppressed of %s", t)
                                .noneMatch(s -> s.getClass().getSimpleName().equals("SnapshotStateException"));
                    }
                });
    }

    @Test
    void invalidSettingsFailAtConnectWithAClearNonTransientError() {
        AuroraDriver d = new AuroraDriver();
        Properties info = new Properties();
        info.setProperty("password", SECRET);
        assertThatThrownBy(() -> d.connect("jdbc:aurora:postgresql://h/db?connectTimeout=10", info))
                .isInstanceOf(SQLNonTransientConnectionException.class)
                .hasMessageContaining("connectTimeout='10'")
                .hasMessageContaining("expected a duration with a unit")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> d.connect("jdbc:aurora:postgresql://u:" + SECRET + "@/db", info))
                .isInstanceOf(SQLNonTransientConnectionException.class)
                .hasMessageContaining("host is empty")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> d.connect("jdbc:aurora:postgresql://h/db?preset=quick", info))
                .hasMessageContaining("preset='quick' is unknown");
    }

    @Test
    void refusedConnectionSurfacesTheDriversError() {
        assertThatThrownBy(AuroraDriverTest::connectToAClosedPort)
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("08"))
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void propertyInfoComesFromTheCatalogueWithoutSecrets() {
        Properties info = new Properties();
        info.setProperty("password", SECRET);
        DriverPropertyInfo[] props = new AuroraDriver().getPropertyInfo("jdbc:aurora:postgresql://h/db", info);
        assertThat(props).extracting(p -> p.name).contains("preset", "connectTimeout", "failoverTimeout");
        assertThat(props).extracting(p -> p.value).doesNotContain(SECRET);
    }

    private static void connectToAClosedPort() throws SQLException {
        Properties info = new Properties();
        info.setProperty("user", "app");
        info.setProperty("password", SECRET);
        DriverManager.getConnection("jdbc:aurora:postgresql://127.0.0.1:" + FreePort.closedPort()
                + "/db?connectTimeout=2s", info).close();
    }
}
