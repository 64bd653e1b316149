package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.retry.RetryPolicy;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 4: latency on the writer below the socket timeout costs time but causes no failover and no error; latency
 * above it makes the statement fail through the configured path - socket timeout, then the wrapper's failover attempt
 * bounded by failoverTimeout - with a connection-class SQLState, and the writer serves again once the latency is gone.
 * Failure detection is pushed out (30 s grace) so the socket timeout is what fires.
 */
class LatencyBelowAndAboveSocketTimeoutTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(1);

    private static final String TABLE = "s4_writes";
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(3);

    private static AuroraDataSource.Builder dataSource(AuroraLab lab, EventLog events) {
        return LabDataSources.forLab(lab).listener(events)
                .property(AuroraProperty.SOCKET_TIMEOUT.key(), SOCKET_TIMEOUT.toMillis() + "ms")
                .property(AuroraProperty.FAILOVER_TIMEOUT.key(), FAILOVER_TIMEOUT.toMillis() + "ms")
                .property(AuroraProperty.FAILURE_DETECTION_TIME.key(), "30s");
    }

    @Test
    void latencyBelowTheSocketTimeoutCausesNoFailoverAndNoError(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        String writer = lab.writerId();
        try (AuroraDataSource ds = dataSource(lab, events).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            Duration latency = Duration.ofMillis(300);
            lab.latency(writer, latency);
            try {
                for (int i = 0; i < 3; i++) {
                    long start = System.nanoTime();
                    assertThat(ds.write(LabSql.insert(TABLE, "slow-" + i))).isEqualTo(writer);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the latency is really applied")
                            .isGreaterThanOrEqualTo(latency);
                }
            } finally {
                lab.latency(writer, Duration.ZERO);
            }
            assertThat(events.all()).as("no failover, no retry").isEmpty();
            assertThat(ds.stats().attempts()).isEqualTo(4);
            assertThat(LabQueries.count(lab, writer, "SELECT count(*) FROM " + TABLE + " WHERE k LIKE 'slow-%'"))
                    .isEqualTo(3);
            FailoverTimings.record(lab, ScenarioTiming.of("4a-latency-below-socket-timeout",
                    "latency 300ms on the writer, socketTimeout 2s").retries(ds.stats().retries()).writes(3, 0, 0));
        }
    }

    @Test
    void latencyAboveTheSocketTimeoutFailsThroughTheTimeoutPathAndRecovers(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        String writer = lab.writerId();
        RetryPolicy noRetry = RetryPolicy.builder().maxAttempts(1).build();
        try (AuroraDataSource ds = dataSource(lab, events).retryPolicy(noRetry).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            lab.latency(writer, Duration.ofSeconds(4));
            long start = System.nanoTime();
            SQLException failure;
            try {
                failure = assertThrows(SQLException.class, () -> ds.write(LabSql.insert(TABLE, "too-slow")));
            } finally {
                lab.latency(writer, Duration.ZERO);
            }
            Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);
            assertThat(failure.getSQLState()).as("%s", failure).startsWith("08");
            assertThat(failedAfter).as("not before the socket timeout")
                    .isGreaterThanOrEqualTo(SOCKET_TIMEOUT.minusMillis(200))
                    .as("socket timeout + failover timeout + tolerance")
                    .isLessThan(SOCKET_TIMEOUT.plus(FAILOVER_TIMEOUT).plusSeconds(6));

            long recoveryStart = System.nanoTime();
            String landedOn = null;
            for (int i = 0; landedOn == null && i < 20; i++) {
                try {
                    landedOn = ds.write(LabSql.insert(TABLE, "after-latency"));
                } catch (SQLException e) {
                    Thread.sleep(200); // the pool replaces connections the timeout broke
                }
            }
            assertThat(landedOn).as("the writer serves again").isEqualTo(writer);
            FailoverTimings.record(lab, ScenarioTiming.of("4b-latency-above-socket-timeout",
                            "latency 4s on the writer, socketTimeout 2s, failoverTimeout 3s")
                    .detectionMs(failedAfter.toMillis())
                    .outageMs(failedAfter.plusNanos(System.nanoTime() - recoveryStart).toMillis())
                    .retries(ds.stats().retries()));
        }
    }
}
