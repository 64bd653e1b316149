package io.aurorakit.drill;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.Fault;
import io.aurorakit.measure.LoadClient;
import io.aurorakit.measure.LoadTable;
import io.aurorakit.measure.Workload;
import io.aurorakit.measure.WrapperLogProbe;
import io.aurorakit.retry.FailoverListener;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One failover drill: workload up, fault, workload on for a while, then every acknowledged write read back.
 * The table is the drill's own ({@code aurora_kit_drill_<random>}) and is dropped at the end.
 */
final class Drill {

    private final DrillPlan plan;
    private final PrintStream out;

    Drill(DrillPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    DrillReport run(DrillTarget target) throws Exception {
        DrillRecorder recorder = new DrillRecorder();
        FailoverListener listener = new RecordingListener(recorder);
        try (WrapperLogProbe wrapperLog = WrapperLogProbe.attach();
             AuroraDataSource dataSource = target.openDataSource(listener)) {
            String table = "aurora_kit_drill_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            dataSource.writeIdempotent(c -> {
                LoadTable.create(c, table);
                return null;
            });
            try {
                long end;
                try (Workload workload = Workload.start(LoadClient.auroraKit(dataSource, table), recorder,
                        new Workload.Settings("drill", plan.writerThreads(), plan.readerThreads(), plan.rate()));
                     LiveStatus status = new LiveStatus(recorder, out)) {
                    status.start();
                    TimeUnit.MILLISECONDS.sleep(plan.warmup().toMillis());
                    target.fault(recorder);
                    long stopAt = recorder.faultNanos() + plan.after().toNanos();
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, stopAt - recorder.now()));
                    end = recorder.now();
                }
                target.settle(recorder);
                recordWrapperDetection(recorder, wrapperLog, plan.onLab() ? plan.fault() : null,
                        target.faultedInstance());
                out.println("Verifying every acknowledged write ...");
                WriteVerification verification = WriteVerification.check(dataSource, table,
                        recorder.log().acknowledged(), recorder.log().outcomeUnknown());
                return DrillReport.of(target.description(), plan.faultName(), plan.settings(), recorder,
                        verification, end);
            } finally {
                dropQuietly(dataSource, table);
            }
        }
    }

    /**
     * The wrapper's own view of the fault (see {@link WrapperDetection}): its detection of the faulted instance and the
     * failovers it started, on the timeline; the detection moment for the report.
     */
    private static void recordWrapperDetection(DrillRecorder recorder, WrapperLogProbe wrapperLog, Fault fault,
                                               String faultedInstance) {
        long faultNanos = recorder.faultNanos();
        if (faultNanos < 0) {
            return;
        }
        WrapperDetection detection = WrapperDetection.of(wrapperLog.messagesSince(faultNanos), faultNanos, fault,
                faultedInstance);
        for (WrapperDetection.Stamp event : detection.events()) {
            recorder.eventAtNanos(event.name(), "app", event.nanos());
        }
        if (detection.detectionNanos() >= 0) {
            recorder.wrapperDetected(detection.detectionNanos() - faultNanos);
        }
    }

    private void dropQuietly(AuroraDataSource dataSource, String table) {
        try {
            dataSource.writeIdempotent(c -> {
                LoadTable.drop(c, table);
                return null;
            });
        } catch (SQLException e) {
            out.println("note: could not drop " + table + ": " + e.getMessage());
        }
    }
}
