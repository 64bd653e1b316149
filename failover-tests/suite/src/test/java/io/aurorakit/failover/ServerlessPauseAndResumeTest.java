package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.Preset;
import io.aurorakit.lab.Await;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.ServerlessConfig;
import io.aurorakit.retry.FailureKind;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 20: Aurora Serverless v2 with minimum capacity 0. With {@code serverless-v2} an application that goes idle
 * lets the cluster auto-pause (its pools and the wrapper's monitors hold no connection), and its next {@code write()}
 * and {@code read()} ride out the resume with no error. With {@code provisioned} the idle application keeps the
 * cluster awake; when the cluster pauses anyway, a plain {@code getConnection()} gives up after the pool's 30 s while
 * the instance takes longer to resume.
 *
 * <p>The lab's resume takes {@value #RESUME_SECONDS} s here (Aurora: about 15 s, 30 s or more after a day paused):
 * longer than {@code provisioned}'s pool and login timeouts (30 s), shorter than {@code serverless-v2}'s (45 s, 90 s).
 * Its auto-pause comes after 1 s without a connection (Aurora: at least 300 s); {@code idleTimeout=10s} and
 * {@code monitorIdleTimeout=1s} shorten the time the application takes to go quiet, not the mechanism.
 */
class ServerlessPauseAndResumeTest {

    private static final long RESUME_SECONDS = 32;
    private static final String TABLE = "s20_writes";

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(1).serverless(
            ServerlessConfig.of(0, 4, Duration.ofSeconds(1)).withResumeTime(Duration.ofSeconds(RESUME_SECONDS))));

    @Test
    void serverlessV2LetsTheIdleClusterPauseAndRidesOutTheResume(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        String writer = lab.writerId();
        try (AuroraDataSource ds = quickToIdle(LabDataSources.forLab(lab).preset(Preset.SERVERLESS_V2), "v2")
                .listener(events).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            ds.write(LabSql.insert(TABLE, "before-pause"));
            String reader = ds.read(LabSql.INSTANCE_ID);
            assertThat(reader).isNotEqualTo(writer);

            long idleSince = System.nanoTime();
            assertThat(Await.until(Duration.ofMinutes(2), () -> lab.paused(writer) && lab.paused(reader)))
                    .as("the idle application let the cluster pause").isTrue();
            Duration idleToPause = Duration.ofNanos(System.nanoTime() - idleSince);

            long start = System.nanoTime();
            String landed = ds.write(LabSql.insert(TABLE, "after-resume"));
            Duration firstWrite = Duration.ofNanos(System.nanoTime() - start);
            String readAfter = ds.read(LabSql.INSTANCE_ID);
            FailoverReport resume = lastResume(lab);
            System.out.println("[suite-metrics] serverless-v2: idle to paused " + idleToPause.toMillis()
                    + " ms; first write after the pause " + firstWrite.toMillis() + " ms; " + resume);

            assertThat(landed).isEqualTo(writer);
            assertThat(readAfter).isEqualTo(reader);
            assertThat(firstWrite).as("the write waited for the resume").isGreaterThan(Duration.ofSeconds(RESUME_SECONDS - 2));
            assertThat(events.any(e -> !e.retrying())).as("no error reached the application: %s", events).isFalse();
            assertThat(LabQueries.count(lab, writer, "SELECT count(*) FROM " + TABLE + " WHERE k = 'after-resume'"))
                    .isEqualTo(1);
            FailoverTimings.record(lab, ScenarioTiming.of("20a-serverless-resume-serverless-v2",
                            "idle until paused (" + idleToPause.toMillis() + " ms), then write(); lab resume "
                                    + resume.duration().toMillis() + " ms")
                    .outageMs(firstWrite.toMillis()).retries(ds.stats().retries()).writes(2, 0, 0));
        }
    }

    @Test
    void provisionedKeepsTheClusterAwakeAndItsPoolGivesUpDuringALongResume(AuroraLab lab) throws Exception {
        String writer = lab.writerId();
        String app = "s20-provisioned-" + UUID.randomUUID().toString().substring(0, 8);
        try (AuroraDataSource ds = LabDataSources.forLab(lab).preset(Preset.PROVISIONED)
                .property("ApplicationName", app).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            ds.write(LabSql.insert(TABLE, "provisioned-before"));
            Thread.sleep(Duration.ofSeconds(15).toMillis()); // longer than serverless-v2's idle path needs here
            assertThat(lab.paused(writer)).as("provisioned's pool keeps the cluster awake").isFalse();
            assertThat(LabQueries.backends(lab, writer, app)).as("connections held while idle (pool + wrapper monitor)")
                    .isGreaterThan(LabDataSources.POOL_SIZE);

            FailoverReport pause = lab.pause(writer); // as if it had paused: ends the pool's and monitors' sessions
            long start = System.nanoTime();
            Exception failure = null;
            try (Connection c = ds.getConnection()) {
                LabQueries.instanceId(c);
            } catch (Exception e) {
                failure = e;
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("[suite-metrics] provisioned: " + pause + "; getConnection() after the pause: "
                    + waited.toMillis() + " ms, " + failure);

            assertThat(failure).as("getConnection() during a %d s resume", RESUME_SECONDS)
                    .isInstanceOf(java.sql.SQLException.class)
                    .hasMessageContaining("request timed out after 30000ms");
            assertThat(waited).isLessThan(Duration.ofSeconds(RESUME_SECONDS));
            FailoverTimings.record(lab, ScenarioTiming.of("20b-serverless-resume-provisioned",
                    "pause while connected, then getConnection(): " + failure.getClass().getSimpleName() + " ("
                            + ((java.sql.SQLException) failure).getSQLState() + ") after " + waited.toMillis() + " ms")
                    .detectionMs(waited.toMillis()));
            assertThat(Await.until(Duration.ofSeconds(RESUME_SECONDS + 10), () -> !lab.paused(writer))).isTrue();
        }
    }

    /** Makes the application go quiet within seconds instead of a minute (the pause mechanism is unchanged). */
    private static AuroraDataSource.Builder quickToIdle(AuroraDataSource.Builder builder, String name) {
        return builder.property("idleTimeout", "10s").property("monitorIdleTimeout", "1s")
                .property("ApplicationName", "s20-" + name);
    }

    private static FailoverReport lastResume(AuroraLab lab) {
        List<FailoverReport> events = lab.serverlessEvents();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).phase(FailoverReport.RESUMED).isPresent()) {
                return events.get(i);
            }
        }
        throw new AssertionError("no resume among " + events);
    }
}
