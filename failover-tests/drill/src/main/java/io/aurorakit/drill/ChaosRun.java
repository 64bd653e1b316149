package io.aurorakit.drill;

import io.aurorakit.lab.Fault;
import io.aurorakit.measure.OperationLog.Op;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The fault phase of {@code --fault chaos}, while the drill's workload runs: each fault of the {@link ChaosPlan} in
 * turn; after each, wait until every workload thread has succeeded again (at most the preset's failure-detection window
 * plus {@link #RECOVERY_SLACK}) and the fault has lasted {@code --after}, then heal the lab and wait until it is healthy
 * before the next one.
 */
final class ChaosRun {

    /** Added to the preset's failure-detection window: how long the threads may take to recover from one fault. */
    static final Duration RECOVERY_SLACK = Duration.ofSeconds(60);

    private final DrillPlan plan;
    private final PrintStream out;
    private final LabTarget lab;
    private final DrillRecorder recorder;

    ChaosRun(DrillPlan plan, PrintStream out, LabTarget lab, DrillRecorder recorder) {
        this.plan = plan;
        this.out = out;
        this.lab = lab;
        this.recorder = recorder;
    }

    void run() throws InterruptedException {
        ChaosPlan chaos = plan.chaos();
        List<Fault> sequence = chaos.sequence();
        out.println("Chaos sequence (seed " + chaos.seed() + ", repeat with --seed " + chaos.seed() + "): "
                + sequence.stream().map(Fault::id).collect(Collectors.joining(", ")));
        Duration recoveryCap = DrillCommand.detectionWindow(plan.preset()).plus(RECOVERY_SLACK);
        for (int i = 0; i < sequence.size(); i++) {
            Fault fault = sequence.get(i);
            long start = recorder.now();
            Fault.Injection hit = lab.inject(recorder, fault,
                    "fault " + (i + 1) + "/" + sequence.size() + " " + fault.id());
            awaitRecovery(recorder.now(), start + plan.after().toNanos(), recoveryCap, i + 1);
            lab.restore(recorder, hit);
        }
    }

    /**
     * Waits until every workload thread has had a success that ended after {@code since} (the lab's action is over) and
     * it is {@code notBefore}; gives up after {@code cap}, with a note (the fault's outage then shows it).
     */
    private void awaitRecovery(long since, long notBefore, Duration cap, int number) throws InterruptedException {
        long deadline = since + cap.toNanos();
        int threads = plan.writerThreads() + plan.readerThreads();
        while (recorder.now() < notBefore || recovered(since) < threads) {
            if (recorder.now() >= deadline) {
                String note = "not every workload thread recovered from fault " + number + " within " + cap.toSeconds()
                        + " s";
                out.println("note: " + note);
                recorder.event(note, "app");
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** How many workload threads have had a success ending after {@code since}. */
    private int recovered(long since) {
        Set<String> threads = new HashSet<>();
        for (Op op : recorder.log().ops()) {
            if (op.ok() && op.endNanos() > since) {
                threads.add(op.role() + "-" + op.thread());
            }
        }
        return threads.size();
    }
}
