package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 13: bad input end to end. A wrong password fails fast with 28P01 after one attempt and never shows the
 * password; an unknown host fails with a message naming it within the connect timeout; invalid URL options are
 * rejected - naming the option, the value and the expected form - before any connection is opened.
 */
class BadInputFailsFastTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(0);

    @Test
    void wrongPasswordFailsFastWith28P01AfterOneAttempt(AuroraLab lab) {
        String wrong = "wrong-" + UUID.randomUUID();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).password(wrong).build()) {
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> ds.write(LabSql.INSTANCE_ID));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.getSQLState()).isEqualTo("28P01");
            assertThat(ds.stats().attempts()).as("at most one attempt").isEqualTo(1);
            assertThat(ds.stats().retries()).isZero();
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(e.toString()).doesNotContain(wrong);
            assertThat(ds.toString()).doesNotContain(wrong);
            FailoverTimings.record(lab, ScenarioTiming.of("13a-wrong-password", "wrong password")
                    .detectionMs(took.toMillis()).retries(ds.stats().retries()));
        }
    }

    @Test
    void aMissingPasswordFailsAtOnceAfterOneAttempt(AuroraLab lab) {
        try (AuroraDataSource ds = AuroraDataSource.builder().url(lab.jdbcUrl()).user(lab.user())
                .preset(io.aurorakit.config.Preset.FAST_FAILOVER).property("clusterId", "suite-" + UUID.randomUUID())
                .build()) {
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> ds.write(LabSql.INSTANCE_ID));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.getMessage()).containsIgnoringCase("no password was provided");
            assertThat(e.getSQLState()).isEqualTo("08004");
            assertThat(ds.stats().attempts()).as("one attempt: a configuration error").isEqualTo(1);
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aDatabaseThatDoesNotExistFailsAtOnceAfterOneAttempt(AuroraLab lab) {
        try (AuroraDataSource ds = LabDataSources.forLab(lab).database("no_such_db").build()) {
            SQLException e = assertThrows(SQLException.class, () -> ds.write(LabSql.INSTANCE_ID));
            assertThat(e.getSQLState()).isEqualTo("3D000");
            assertThat(ds.stats().attempts()).isEqualTo(1);
        }
    }

    @Test
    void unknownHostFailsWithAClearMessageWithinTheConnectTimeout(AuroraLab lab) {
        String host = "nosuch.cluster-zz9zz9z.us-east-1.rds.amazonaws.com";
        try (AuroraDataSource ds = LabDataSources.forLab(lab).url("jdbc:aurora:postgresql://" + host + ":"
                + lab.port() + "/" + lab.database()).build()) {
            Duration connectTimeout = ds.config().duration(AuroraProperty.CONNECT_TIMEOUT);
            long start = System.nanoTime();
            SQLException e = assertTimeoutPreemptively(connectTimeout.plusSeconds(2),
                    () -> assertThrows(SQLException.class, () -> ds.write(LabSql.INSTANCE_ID)),
                    "unknown host must fail within the connect timeout (" + connectTimeout + ") + 2 s");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.getMessage()).contains(host).containsIgnoringCase("unknown host");
            assertThat(ds.stats().retries()).isZero();
            FailoverTimings.record(lab, ScenarioTiming.of("13b-unknown-host", "unresolvable cluster endpoint")
                    .detectionMs(took.toMillis()).retries(ds.stats().retries()));
        }
    }

    @Test
    void invalidUrlOptionsAreRejectedBeforeAnyConnectionIsOpened(AuroraLab lab) throws Exception {
        String app = "suite-s13-" + UUID.randomUUID().toString().substring(0, 8);
        String base = lab.jdbcUrl() + "?ApplicationName=" + app + "&";
        Properties credentials = lab.credentials();

        assertThatThrownBy(() -> AuroraDataSource.fromUrl(base + "connectTimeout=5", credentials))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeout").hasMessageContaining("'5'").hasMessageContaining("expected");
        assertThatThrownBy(() -> AuroraDataSource.fromUrl(base + "preset=turbo", credentials))
                .hasMessageContaining("preset").hasMessageContaining("turbo").hasMessageContaining("fast-failover");
        assertThatThrownBy(() -> AuroraDataSource.fromUrl(base + "maximumPoolSize=0", credentials))
                .hasMessageContaining("maximumPoolSize").hasMessageContaining("'0'");
        SQLException driver = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(base + "socketTimeout=abc", credentials));
        assertThat((Throwable) driver).isInstanceOf(SQLNonTransientConnectionException.class);
        assertThat(driver.getMessage()).contains("socketTimeout").contains("abc").doesNotContain(lab.password());

        assertThat(LabQueries.backends(lab, lab.writerId(), app)).as("no connection was opened").isZero();
        FailoverTimings.record(lab, ScenarioTiming.of("13c-invalid-url-options",
                "connectTimeout=5, preset=turbo, maximumPoolSize=0, socketTimeout=abc: rejected, 0 connections"));
    }
}
