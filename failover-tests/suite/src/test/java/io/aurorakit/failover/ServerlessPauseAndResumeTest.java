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

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 20: Aurora Serverless v2 with minimum capacity 0. With {@code serverless-v2} an application that goes idle
 * lets the cluster auto-pause (its pools and the wrapper's monitors hold no connection), and its next {@code write()}
 * and {@code read()} ride out the resume with no error ({@link ProvisionedPoolGivesUpDuringLongResumeTest} shows what
 * {@code provisioned} gets instead).
 *
 * <p>The lab's resume takes {@value #RESUME_SECONDS} s here (Aurora: about 15 s, 30 s or more after a day paused):
 * longer than {@code provisioned}'s pool and login timeouts (30 s), shorter than {@code serverless-v2}'s (45 s, 90 s).
 * Its auto-pause comes after 1 s without a connection (Aurora: at least 300 s); {@code idleTimeout=10s} and
 * {@code monitorIdleTimeout=1s} shorten the time the application takes to go quiet, not the mechanism.
 */
class ServerlessPauseAndResumeTest {

    static final long RESUME_SECONDS = 32;
    private static final String TABLE = "s20_writes";

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(ServerlessPauseAndResumeTest::serverlessLab);

    /** 1 writer + 1 tier-1 reader, 0-4 ACU, auto-pause after 1 s idle, a {@value #RESUME_SECONDS} s resume. */
    static AuroraLab.Builder serverlessLab(AuroraLab.Builder b) {
        return b.readers(1).serverless(ServerlessConfig.of(0, 4, Duration.ofSeconds(1))
                .withResumeTime(Duration.ofSeconds(RESUME_SECONDS)));
    }

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
