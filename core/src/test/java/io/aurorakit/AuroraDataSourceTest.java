package io.aurorakit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.aurorakit.config.Preset;
import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.FailureKind;
import io.aurorakit.retry.FailoverListener;
import io.aurorakit.retry.RetriesExhaustedException;
import io.aurorakit.retry.RetryPolicy;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** AuroraDataSource without a database: configuration, validation, real refused connections, close. */
class AuroraDataSourceTest {

    private static final String CLUSTER = "mycluster.cluster-xyz.us-east-1.rds.amazonaws.com";
    private static final String SECRET = "Tr0ub4dor-and-3";

    @Test
    void builderMapsToTheWrapperConfiguration() throws SQLException {
        try (AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint(CLUSTER, 5432).database("app")
                .user("app").password(SECRET).preset(Preset.FAST_FAILOVER).maximumPoolSize(4)
                .property("ApplicationName", "orders").build()) {
            assertThat(ds.config().wrapperUrl()).isEqualTo("jdbc:aws-wrapper:postgresql://" + CLUSTER + ":5432/app");
            assertThat(ds.config().maximumPoolSize()).isEqualTo(4);
            assertThat(ds.config().preset()).isEqualTo(Preset.FAST_FAILOVER);
            assertThat(ds.config().wrapperProperties()).containsEntry("ApplicationName", "orders")
                    .containsEntry("failureDetectionTime", "2000");
            assertThat(ds.unwrap(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(4);
            assertThat(ds.unwrap(HikariDataSource.class).getExceptionOverrideClassName())
                    .isEqualTo("software.amazon.jdbc.util.HikariCPSQLException");
            assertThat(ds.toString()).contains(CLUSTER).doesNotContain(SECRET);
        }
    }

    @Test
    void presetByNameAndUnknownPreset() {
        try (AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint(CLUSTER, 5432).preset("serverless-v2")
                .build()) {
            assertThat(ds.config().preset()).isEqualTo(Preset.SERVERLESS_V2);
        }
        assertThatThrownBy(() -> AuroraDataSource.builder().clusterEndpoint(CLUSTER, 5432).preset("fast").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("preset='fast' is unknown; expected one of provisioned, fast-failover");
    }

    @Test
    void badInputFailsAtBuildNamingPropertyValueAndForm() {
        assertThatThrownBy(() -> AuroraDataSource.builder().clusterEndpoint("", 5432).build())
                .hasMessageContaining("host=''");
        assertThatThrownBy(() -> AuroraDataSource.builder().clusterEndpoint(CLUSTER, 65536).build())
                .hasMessageContaining("port=65536 is out of range; expected 1 to 65535");
        assertThatThrownBy(() -> AuroraDataSource.builder().clusterEndpoint(CLUSTER, 5432)
                .property("socketTimeout", "30").build())
                .hasMessageContaining("socketTimeout='30'").hasMessageContaining("30s");
        assertThatThrownBy(() -> AuroraDataSource.builder().clusterEndpoint(CLUSTER, 5432).maximumPoolSize(0).build())
                .hasMessageContaining("maximumPoolSize='0'");
        assertThatThrownBy(() -> AuroraDataSource.fromUrl("jdbc:aurora:postgresql//" + CLUSTER + "/app"))
                .hasMessageContaining("is malformed").hasMessageContaining("expected jdbc:aurora:postgresql://");
    }

    @Test
    void fromEnvironmentReadsWriterAndOptionalReader() {
        try (AuroraDataSource ds = AuroraDataSource.fromEnvironment(Map.of(
                "DATABASE_URL_WRITER", "jdbc:aurora:postgresql://" + CLUSTER + ":5432/app?user=app",
                "DATABASE_URL_READER", "jdbc:aurora:postgresql://mycluster.cluster-ro-xyz.us-east-1.rds.amazonaws.com:5432/app"))) {
            assertThat(ds.config().host()).isEqualTo(CLUSTER);
            assertThat(ds.config().readerHost()).contains("mycluster.cluster-ro-xyz.us-east-1.rds.amazonaws.com");
        }
        try (AuroraDataSource ds = AuroraDataSource.fromEnvironment(Map.of(
                "DATABASE_URL_WRITER", "postgres://app:" + SECRET + "@127.0.0.1:5432/app"))) {
            assertThat(ds.config().readerHost()).isEmpty();
            assertThat(ds.config().hasPassword()).isTrue();
            assertThat(ds.toString()).doesNotContain(SECRET);
        }
        assertThatThrownBy(() -> AuroraDataSource.fromEnvironment(Map.of()))
                .hasMessageContaining("DATABASE_URL_WRITER is not set; expected a URL such as jdbc:aurora:postgresql://");
    }

    @Test
    void fromUrlWithPropertiesLetsTheUrlWin() {
        Properties props = new Properties();
        props.setProperty("user", "ignored");
        props.setProperty("password", SECRET);
        try (AuroraDataSource ds = AuroraDataSource.fromUrl("jdbc:aurora:postgresql://127.0.0.1/app?user=app", props)) {
            assertThat(ds.config().user()).contains("app");
        }
    }

    @Test
    void refusedConnectionsAreRetriedWithBackoffUntilTheAttemptsRunOut() {
        int port = FreePort.closedPort();
        List<FailoverEvent> events = new CopyOnWriteArrayList<>();
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(200)).totalBudget(Duration.ofSeconds(60)).build();
        AtomicInteger runs = new AtomicInteger();
        try (AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint("127.0.0.1", port).database("app")
                .user("app").password(SECRET).property("connectTimeout", "2s").retryPolicy(policy)
                .listener(FailoverListener.of(events::add)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> ds.write(c -> runs.incrementAndGet()))
                    .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
                        assertThat(e.attempts()).isEqualTo(3);
                        assertThat(e.getSQLState()).startsWith("08");
                    })
                    .hasMessageContaining("Gave up after 3 attempts")
                    .hasMessageNotContaining(SECRET);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(runs).hasValue(0);
            assertThat(events).extracting(FailoverEvent::kind).containsExactly(
                    FailureKind.UNAVAILABLE, FailureKind.UNAVAILABLE,
                    FailureKind.EXHAUSTED);
            assertThat(ds.stats().attempts()).isEqualTo(3);
            assertThat(ds.stats().retries()).isEqualTo(2);
            assertThat(ds.stats().exhausted()).isEqualTo(1);
        }
    }

    @Test
    void closeIsIdempotentAndLaterUseFailsClearly() throws SQLException {
        AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint("127.0.0.1", 5432).build();
        ds.close();
        assertThatCode(ds::close).doesNotThrowAnyException();
        assertThat(ds.isClosed()).isTrue();
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("is closed");
        assertThatThrownBy(() -> ds.read(c -> 1)).isInstanceOf(SQLException.class).hasMessageContaining("is closed");
        assertThat(ds.unwrap(HikariDataSource.class).isClosed()).isTrue();
    }

    @Test
    void closingTheLastDataSourceLeavesTheWrapperMonitorServiceRunning() throws Exception {
        // The wrapper's release is one-way (its monitor service's cleanup executor is final): closing a data source
        // must not trigger it, or monitors of data sources built later in this JVM are never disposed.
        java.util.concurrent.ExecutorService cleanup = monitorCleanupExecutor();
        AuroraDataSource a = AuroraDataSource.builder().clusterEndpoint(CLUSTER, 5432).build();
        AuroraDataSource b = AuroraDataSource.builder().clusterEndpoint("127.0.0.1", 5432).build();
        a.close();
        b.close();
        assertThat(cleanup.isShutdown()).as("wrapper monitor cleanup still scheduled").isFalse();
    }

    /** The wrapper 4.3.0 MonitorServiceImpl's cleanup executor, which Driver.releaseResources() shuts down for good. */
    private static java.util.concurrent.ExecutorService monitorCleanupExecutor() throws Exception {
        Object monitorService = software.amazon.jdbc.util.CoreServicesContainer.getInstance().getMonitorService();
        java.lang.reflect.Field field = monitorService.getClass().getDeclaredField("cleanupExecutor");
        field.setAccessible(true);
        return (java.util.concurrent.ExecutorService) field.get(monitorService);
    }

    @Test
    void aNullPasswordIsRejectedAtOnce() {
        assertThatThrownBy(() -> AuroraDataSource.builder().password(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("password=null is invalid");
    }

    @Test
    void theDefaultRetryBudgetDerivesFromThePreset() {
        try (AuroraDataSource provisioned = AuroraDataSource.builder().clusterEndpoint(CLUSTER, 5432).build();
                AuroraDataSource fast = AuroraDataSource.builder().clusterEndpoint(CLUSTER, 5432)
                        .preset(io.aurorakit.config.Preset.FAST_FAILOVER).build();
                AuroraDataSource serverless = AuroraDataSource.builder().clusterEndpoint(CLUSTER, 5432)
                        .preset(io.aurorakit.config.Preset.SERVERLESS_V2).build();
                AuroraDataSource explicit = AuroraDataSource.builder().clusterEndpoint(CLUSTER, 5432)
                        .retryPolicy(io.aurorakit.retry.RetryPolicy.builder()
                                .totalBudget(java.time.Duration.ofSeconds(7)).build()).build()) {
            // provisioned: detection 10s + 1s + 5s x 3 + probe 5s = 31s, failoverTimeout 60s, connectTimeout 10s
            assertThat(provisioned.toString()).contains("totalBudget=PT1M41S");
            // fast-failover: detection 2s + 1s + 1s x 2 + probe 1s = 6s, failoverTimeout 30s, connectTimeout 3s
            assertThat(fast.toString()).contains("totalBudget=PT39S");
            // serverless-v2: detection 10s + 1s + 5s x 3 + probe 10s = 36s, failoverTimeout 60s, connectRetryTimeout
            // 90s (the time it allows an instance to resume from auto-pause)
            assertThat(serverless.toString()).contains("totalBudget=PT3M6S");
            assertThat(explicit.toString()).contains("totalBudget=PT7S");
        }
    }

    @Test
    void environmentUrlErrorsNameTheVariable() {
        assertThatThrownBy(() -> AuroraDataSource.fromEnvironment(java.util.Map.of("DATABASE_URL_WRITER", "garbage")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DATABASE_URL_WRITER");
        assertThatThrownBy(() -> AuroraDataSource.fromEnvironment(java.util.Map.of(
                "DATABASE_URL_WRITER", "jdbc:aurora:postgresql://" + CLUSTER + "/app",
                "DATABASE_URL_READER", "nonsense://x"))).hasMessageContaining("DATABASE_URL_READER");
        assertThatThrownBy(() -> AuroraDataSource.fromEnvironment(java.util.Map.of(
                "DATABASE_URL_WRITER", "jdbc:aurora:postgresql://" + CLUSTER + "/app?connectTimeout=5")))
                .hasMessageContaining("DATABASE_URL_WRITER").hasMessageContaining("connectTimeout");
    }

    @Test
    void inertEndpointsSayWhyInExactlyOneInfoLine() {
        try (LogCapture logs = new LogCapture()) {
            try (AuroraDataSource plain = AuroraDataSource.builder().clusterEndpoint("localhost", 5432).build();
                    AuroraDataSource proxy = AuroraDataSource.builder()
                            .clusterEndpoint("p.proxy-xyz.us-east-1.rds.amazonaws.com", 5432).build();
                    AuroraDataSource aurora = AuroraDataSource.builder().clusterEndpoint(CLUSTER, 5432).build()) {
                String text = logs.text();
                assertThat(text.lines().filter(l -> l.contains("INFO") && l.contains("localhost is not an Amazon"
                        + " RDS/Aurora host name"))).hasSize(1);
                assertThat(text.lines().filter(l -> l.contains("INFO") && l.contains("is an RDS Proxy"))).hasSize(1);
                assertThat(text).doesNotContain(CLUSTER + " is");
            }
        }
    }

    @Test
    void unknownHostFailsFastWithoutRetries() {
        try (AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint("no-such-host.invalid", 5432)
                .property("connectTimeout", "5s").build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> ds.read(c -> 1)).isInstanceOf(SQLException.class)
                    .isNotInstanceOf(RetriesExhaustedException.class)
                    .hasMessageContaining("no-such-host.invalid");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(ds.stats().attempts()).isEqualTo(1);
        }
    }

    @Test
    void getConnectionWithOtherCredentialsIsNotSupported() {
        try (AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint("127.0.0.1", 5432).build()) {
            assertThatThrownBy(() -> ds.getConnection("u", SECRET)).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageNotContaining(SECRET);
        }
    }
}
