package io.aurorakit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.retry.RetryPolicy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Passwords never appear in toString(), exception messages or logged lines: exercises the real code paths (bad
 * configuration, refused connections through HikariCP and the wrapper) with wrapper logging at FINE and checks every
 * captured text.
 */
class SecretLeakTest {

    private static final String SECRET = "S3cr3t-Pa55w0rd-Zebra";

    @Test
    void passwordsAppearNowhere() {
        List<String> texts = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            int port = FreePort.closedPort();
            RetryPolicy quick = RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(10))
                    .maxBackoff(Duration.ofMillis(10)).build();
            try (AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint("127.0.0.1", port).database("app")
                    .user("app").password(SECRET).property("wrapperLoggerLevel", "FINEST").retryPolicy(quick)
                    .build()) {
                texts.add(ds.toString());
                texts.add(ds.config().toString());
                texts.add(ds.config().wrapperProperties().toString());
                collect(texts, () -> ds.write(c -> 1));
                collect(texts, () -> {
                    try (Connection c = ds.getConnection()) {
                        return 1;
                    }
                });
            }
            try (AuroraDataSource ds = AuroraDataSource.fromUrl("jdbc:aurora:postgresql://app:" + SECRET
                    + "@mycluster.cluster-xyz.us-east-1.rds.amazonaws.com/app?preset=fast-failover")) {
                texts.add(ds.toString());
            }
            collectRuntime(texts, () -> AuroraDataSource.fromUrl("jdbc:aurora:postgresql://app:" + SECRET + "@h:0/app"));
            collectRuntime(texts, () -> AuroraDataSource.fromUrl("jdbc:aurora:postgresql://h/app?password=" + SECRET
                    + "&failoverTimeout=1"));
            collectRuntime(texts, () -> AuroraDataSource.builder().clusterEndpoint("h", 1).password(SECRET)
                    .property("readerHostSelectorStrategy", "nearest").build());
            Properties info = new Properties();
            info.setProperty("user", "app");
            info.setProperty("password", SECRET);
            collect(texts, () -> {
                try (Connection c = DriverManager.getConnection("jdbc:aurora:postgresql://127.0.0.1:" + port
                        + "/app?connectTimeout=1s&wrapperLoggerLevel=FINEST", info)) {
                    return 1;
                }
            });
            collect(texts, () -> {
                try (Connection c = DriverManager.getConnection("jdbc:aurora:postgresql://127.0.0.1:" + port
                        + "/app?password=" + SECRET + "&socketTimeout=9", info)) {
                    return 1;
                }
            });
            for (String userInfo : new String[] {"app:pa/ss" + SECRET, "app:pa?ss" + SECRET, "app:p@ss" + SECRET,
                "app:" + SECRET}) {
                collectRuntime(texts, () -> AuroraDataSource.fromUrl("postgres://" + userInfo + "@h:x/app"));
                collect(texts, () -> DriverManager.getConnection("jdbc:aurora:mysql://" + userInfo + "@h/app"));
            }
            collect(texts, () -> DriverManager.getConnection("jdbc:aurora:mysql://h/app?password=" + SECRET));
            collectRuntime(texts, () -> AuroraDataSource.fromUrl("jdbc:aurora:postgresql://h/app?sslpassword="
                    + SECRET + "&sslpassword=" + SECRET));
            try (AuroraDataSource ds = AuroraDataSource.fromUrl("jdbc:aurora:postgresql://h/app?sslpassword="
                    + SECRET)) {
                texts.add(ds.toString());
                texts.add(ds.config().toString());
                texts.add(ds.config().wrapperProperties().toString());
            }
            String logged = logs.text();
            assertThat(logged).as("the capture sees our slf4j lines").contains("not an Amazon RDS/Aurora host name");
            assertThat(logged).as("the capture sees the wrapper's JUL lines").contains("software.amazon.jdbc");
            texts.add(logged);
        }
        assertThat(texts).hasSizeGreaterThan(8);
        assertThat(String.join("\n", texts)).as("a log line mentions the refused connection")
                .contains("127.0.0.1").doesNotContain(SECRET);
    }

    private interface SqlCall {
        Object call() throws SQLException;
    }

    private static void collect(List<String> texts, SqlCall call) {
        try {
            call.call();
            texts.add("no exception");
        } catch (SQLException e) {
            addThrowable(texts, e);
        }
    }

    private static void collectRuntime(List<String> texts, Runnable call) {
        try {
            call.run();
            texts.add("no exception");
        } catch (RuntimeException e) {
            addThrowable(texts, e);
        }
    }

    private static void addThrowable(List<String> texts, Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            texts.add(String.valueOf(c));
            for (Throwable s : c.getSuppressed()) {
                texts.add(String.valueOf(s));
            }
        }
    }
}
