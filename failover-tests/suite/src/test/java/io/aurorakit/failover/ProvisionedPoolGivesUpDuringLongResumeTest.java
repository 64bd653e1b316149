package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.Preset;
import io.aurorakit.lab.Await;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabQueries;

import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 20b: what {@code provisioned} gets on Aurora Serverless v2 instead of what {@code serverless-v2} gets
 * ({@link ServerlessPauseAndResumeTest}, same lab settings): its idle pool and the wrapper's monitor keep the cluster
 * awake; when the cluster pauses anyway, a plain {@code getConnection()} gives up after the pool's 30 s while the
 * instance takes {@value ServerlessPauseAndResumeTest#RESUME_SECONDS} s to resume.
 */
class ProvisionedPoolGivesUpDuringLongResumeTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(ServerlessPauseAndResumeTest::serverlessLab);

    @Test
    void provisionedKeepsTheClusterAwakeAndItsPoolGivesUpDuringALongResume(AuroraLab lab) throws Exception {
        String writer = lab.writerId();
        String app = "s20-provisioned-" + UUID.randomUUID().toString().substring(0, 8);
        try (AuroraDataSource ds = LabDataSources.forLab(lab).preset(Preset.PROVISIONED)
                .property("ApplicationName", app).build()) {
            ds.writeIdempotent(LabSql.createTable("s20b_writes"));
            ds.write(LabSql.insert("s20b_writes", "provisioned-before"));
            Thread.sleep(Duration.ofSeconds(3).toMillis()); // the lab pauses a cluster idle for 1 s
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

            assertThat(failure).as("getConnection() during a %d s resume", ServerlessPauseAndResumeTest.RESUME_SECONDS)
                    .isInstanceOf(java.sql.SQLException.class)
                    .hasMessageMatching("(?s).*Connection is not available, request timed out after 300\\d\\dms.*");
            assertThat(waited).isLessThan(Duration.ofSeconds(ServerlessPauseAndResumeTest.RESUME_SECONDS));
            FailoverTimings.record(lab, ScenarioTiming.of("20b-serverless-resume-provisioned",
                    "pause while connected, then getConnection(): " + failure.getClass().getSimpleName() + " ("
                            + ((java.sql.SQLException) failure).getSQLState() + ") after " + waited.toMillis() + " ms")
                    .detectionMs(waited.toMillis()));
            assertThat(Await.until(Duration.ofSeconds(ServerlessPauseAndResumeTest.RESUME_SECONDS + 10),
                    () -> !lab.paused(writer))).as("the cluster resumed").isTrue();
        }
    }

}
