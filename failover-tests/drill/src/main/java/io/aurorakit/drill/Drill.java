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
import java.util.List;
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
        String pauseNote = null;
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
                    if (plan.chaos() != null) {
                        new ChaosRun(plan, out, (LabTarget) target, recorder).run();
                    } else if (plan.fault() == Fault.PAUSE) {
                        workload.close(); // the application goes idle
                        pauseNote = ((LabTarget) target).pauseWhileIdle(recorder);
                        try (Workload resumed = Workload.start(LoadClient.auroraKit(dataSource, table), recorder,
                                new Workload.Settings("drill-resumed", plan.writerThreads(), plan.readerThreads(),
                                        plan.rate()))) {
                            target.fault(recorder); // marks the moment the load returns to the paused cluster
                            long stopAt = recorder.faultNanos() + plan.after().toNanos();
                            TimeUnit.NANOSECONDS.sleep(Math.max(0, stopAt - recorder.now()));
                        }
                    } else {
                        target.fault(recorder);
                        long stopAt = recorder.faultNanos() + plan.after().toNanos();
                        TimeUnit.NANOSECONDS.sleep(Math.max(0, stopAt - recorder.now()));
                    }
                    end = recorder.now();
                }
                target.settle(recorder);
                WriterWaits waits = plan.chaos() == null ? writerWaits(target, recorder, end) : null;
                recordWrapperDetection(recorder, wrapperLog, plan.onLab() ? plan.fault() : null,
                        target.faultedInstance());
                out.println("Verifying every acknowledged write ...");
                WriteVerification verification = WriteVerification.check(dataSource, table,
                        recorder.log().acknowledged(), recorder.log().outcomeUnknown());
                String settings = pauseNote == null ? plan.settings() : plan.settings() + "; " + pauseNote;
                return DrillReport.of(target.description(), plan.faultName(), settings, recorder,
                        verification, end, plan.chaos() == null ? null : plan.chaos().seed(), waits);
            } finally {
                dropQuietly(dataSource, table);
            }
        }
    }

    /**
     * The wrapper's own view of each fault (see {@link WrapperDetection}): its detection of the faulted instance and the
     * failovers it started, on the timeline; the detection moments for the report. A fault's window ends where the
     * next fault starts. Without lab faults (an operator's failover) there is one window, from the fault on.
     */
    private static void recordWrapperDetection(DrillRecorder recorder, WrapperLogProbe wrapperLog, Fault fault,
                                               String faultedInstance) {
        long faultNanos = recorder.faultNanos();
        if (faultNanos < 0) {
            return;
        }
        List<DrillRecorder.FaultMark> marks = recorder.faults();
        if (marks.isEmpty()) {
            marks = List.of(new DrillRecorder.FaultMark(0, null, faultedInstance, faultNanos, -1));
        }
        for (int i = 0; i < marks.size(); i++) {
            DrillRecorder.FaultMark mark = marks.get(i);
            long windowEnd = i + 1 < marks.size() ? marks.get(i + 1).nanos() : Long.MAX_VALUE;
            List<WrapperLogProbe.Message> messages = wrapperLog.messagesSince(mark.nanos()).stream()
                    .filter(message -> message.nanos() < windowEnd).toList();
            Fault hit = mark.fault() == null ? fault : Fault.byId(mark.fault());
            WrapperDetection detection = WrapperDetection.of(messages, mark.nanos(), hit, mark.instance());
            for (WrapperDetection.Stamp event : detection.events()) {
                recorder.eventAtNanos(event.name(), "app", event.nanos());
            }
            if (mark.number() > 0 && detection.detectionNanos() >= 0) {
                recorder.faultDetected(mark.number(), detection.detectionNanos());
            }
            if (marks.size() == 1 && detection.detectionNanos() >= 0) {
                recorder.wrapperDetected(detection.detectionNanos() - faultNanos);
            }
        }
    }

    /** The report's "what the writer was waiting on"; a note instead when the load cannot be read. */
    private WriterWaits writerWaits(DrillTarget target, DrillRecorder recorder, long end) {
        try {
            return WriterWaits.read(target.writerLoad(), recorder, end, plan.warmup());
        } catch (RuntimeException e) {
            out.println("note: could not read what the writer was waiting on: " + e.getMessage());
            return null;
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
