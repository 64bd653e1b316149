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
import io.aurorakit.measure.LoadClient;
import io.aurorakit.measure.OperationLog;
import io.aurorakit.measure.Workload;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 21: Aurora Serverless v2, a writer failover while the only reader is paused. The reader is in promotion tier
 * 2, so it pauses on its own while the application keeps the writer busy; {@code failover()} then resumes it (the
 * lab's 15 s, Aurora's typical resume) and promotes it. Through {@code serverless-v2}, writes run throughout: none
 * fails, none is lost or stored twice, and they continue on the resumed, promoted instance. The one error allowed is
 * the one {@code write()} must report: a COMMIT cut by the fence is outcome unknown (08007), at most one per writer
 * thread, and that row may or may not exist.
 */
class ServerlessFailoverWhileReaderPausedTest {

    private static final String TABLE = "s21_writes";
    private static final String READER = "instance-2";
    private static final int WRITERS = 2;

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(1).promotionTier(READER, 2)
            .serverless(ServerlessConfig.of(0, 4, Duration.ofSeconds(1))));

    @Test
    void writesRideOutAFailoverToAPausedReader(AuroraLab lab) throws Exception {
        OperationLog log = new OperationLog();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).preset(Preset.SERVERLESS_V2).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            FailoverReport failover;
            long failoverStart;
            long failoverEnd;
            long end;
            try (Workload writes = Workload.start(LoadClient.auroraKit(ds, TABLE), log,
                    new Workload.Settings("s21", WRITERS, 0, 10))) {
                assertThat(Await.until(Duration.ofSeconds(30), () -> lab.paused(READER)))
                        .as("the tier-2 reader paused on its own while the writer is busy").isTrue();
                assertThat(lab.paused(lab.writerId())).isFalse();
                failoverStart = System.nanoTime();
                failover = lab.failover();
                failoverEnd = System.nanoTime();
                Thread.sleep(2000);
                end = System.nanoTime();
            }
            long gapMs = OperationLog.longestGapAfter(log.successEnds(OperationLog.Role.WRITE), failoverStart, end)
                    .length() / 1_000_000;
            System.out.println("[suite-metrics] failover to a paused reader: " + failover + "; longest write gap "
                    + gapMs + " ms, " + log.acknowledged().size() + " writes acknowledged");

            assertThat(failover.newWriterId()).isEqualTo(READER);
            assertThat(failover.phase(FailoverReport.RESUMED)).as("the target was resumed first").isPresent();
            assertThat(log.failures()).as("no write failed but a commit cut by the fence: %s", log.errorsAfter(0))
                    .isEqualTo(log.outcomeUnknown().size());
            assertThat(log.outcomeUnknown()).as("two writer threads, one failover: at most one cut commit each")
                    .hasSizeLessThanOrEqualTo(WRITERS);
            assertThat(log.successEnds(OperationLog.Role.WRITE)).as("writes continued on the new writer")
                    .anyMatch(at -> at > failoverEnd);
            long rows = LabQueries.count(lab, READER, "SELECT count(*) FROM " + TABLE);
            long distinct = LabQueries.count(lab, READER, "SELECT count(DISTINCT k) FROM " + TABLE);
            assertThat(rows).as("every acknowledged write, once; a cut commit may or may not have landed")
                    .isEqualTo(distinct).isBetween((long) log.acknowledged().size(),
                            (long) log.acknowledged().size() + log.outcomeUnknown().size());
            FailoverTimings.record(lab, ScenarioTiming.of("21-serverless-failover-to-paused-reader",
                            "failover() while the tier-2 reader is paused; the lab resumed it in "
                                    + failover.timeTo(FailoverReport.RESUMED).orElseThrow().toMillis() + " ms")
                    .outageMs(gapMs).retries(ds.stats().retries())
                    .writes(log.acknowledged().size(), Math.max(0, log.acknowledged().size() - rows), rows - distinct));
        }
    }
}
