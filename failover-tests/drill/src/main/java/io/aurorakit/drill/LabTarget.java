package io.aurorakit.drill;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.Await;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.Fault;
import io.aurorakit.lab.LabInstance;
import io.aurorakit.lab.LabTiming;
import io.aurorakit.lab.ServerlessConfig;
import io.aurorakit.retry.FailoverListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A drill on an embedded {@link AuroraLab}: the drill starts the lab and injects the fault through its control plane. */
final class LabTarget implements DrillTarget {

    private final DrillPlan plan;
    private final PrintStream out;
    private final AuroraLab lab;
    /** How long a chaos run waits for the lab to be healthy again after a fault. */
    private static final Duration HEALTHY_TIMEOUT = Duration.ofMinutes(2);

    /** {@code --fault pause}: the lab's auto-pause after this long without a connection (Aurora: at least 300 s). */
    static final Duration AUTO_PAUSE = Duration.ofSeconds(5);
    /** {@code --fault pause}: the lab's resume time (Aurora's typical one). */
    static final Duration RESUME = ServerlessConfig.DEFAULT_RESUME_TIME;
    private static final double MAX_ACU = 4;

    private volatile Fault.Injection injection;
    private volatile String writerBeforeFault;

    LabTarget(DrillPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
        long start = System.nanoTime();
        // Aurora hard-fences an unreachable writer: with isolate, the old writer stays a black hole (no RST) through the
        // failover, so clients must detect it themselves, as on Aurora.
        // A chaos run isolates too, so it hard-fences as well.
        LabTiming timing = plan.chaos() != null || plan.fault().needsHardFence() ? plan.timing().withHardFence(true)
                : plan.timing();
        // Performance Insights on, as on a cluster whose team watches it: the report says what the writer waited on
        AuroraLab.Builder builder = AuroraLab.builder().readers(plan.readers()).timing(timing)
                .performanceInsights(true);
        if (plan.fault() == Fault.PAUSE) {
            builder.serverless(ServerlessConfig.of(0, MAX_ACU, AUTO_PAUSE).withResumeTime(RESUME));
        }
        this.lab = builder.start();
        out.printf("Aurora lab up in %d ms: writer %s, readers %s, cluster endpoint %s:%d%n",
                (System.nanoTime() - start) / 1_000_000, lab.writerId(),
                lab.instances().stream().filter(i -> !i.id().equals(lab.writerId())).map(LabInstance::id).toList(),
                lab.clusterEndpoint(), lab.port());
    }

    @Override
    public String description() {
        return "embedded lab (1 writer + " + plan.readers() + " readers, " + plan.timing().name().toLowerCase() + " timing"
                + lab.serverless().map(s -> ", Serverless v2: auto-pause after " + s.autoPause().toSeconds()
                        + " s idle, resume " + s.resumeTime().toSeconds() + " s").orElse("") + ")";
    }

    @Override
    public AuroraDataSource openDataSource(FailoverListener listener) {
        return plan.applyTo(AuroraDataSource.builder()
                .clusterEndpoint(lab.clusterEndpoint(), lab.port())
                .database(lab.database())
                .user(lab.user())
                .password(lab.password()), listener).build();
    }

    @Override
    public void fault(DrillRecorder recorder) throws InterruptedException {
        if (plan.fault() == Fault.PAUSE) {
            long at = recorder.faultInjected("load returns to the paused cluster");
            recorder.faultHit(Fault.PAUSE.id(), lab.writerId(), at);
            return;
        }
        writerBeforeFault = lab.writerId();
        injection = inject(recorder, plan.fault(), "fault injected");
    }

    @Override
    public WriterWaits.Sources writerLoad() {
        String before = writerBeforeFault == null ? lab.writerId() : writerBeforeFault;
        String after = lab.writerId();
        return new WriterWaits.Sources("the lab's Performance Insights, sampled once a second", before,
                lab.dbLoad(before), after, lab.dbLoad(after));
    }

    /**
     * {@code --fault pause}, with the workload stopped: waits until the cluster auto-pauses (the application holds no
     * connection for the lab's auto-pause time), or pauses it after {@code --pause-wait} (ending the sessions the
     * idle application kept). Returns what happened, for the report.
     */
    String pauseWhileIdle(DrillRecorder recorder) throws InterruptedException {
        String writer = lab.writerId();
        recorder.event("application idle (workload stopped)", "app");
        long idleAt = System.nanoTime();
        out.println(">>> application idle: waiting up to " + plan.pauseWait().toSeconds()
                + " s for the cluster to auto-pause");
        boolean paused = Await.until(plan.pauseWait(), () -> lab.paused(writer));
        long idleMs = (System.nanoTime() - idleAt) / 1_000_000;
        if (paused) {
            recorder.event("cluster auto-paused", "lab");
            out.println(">>> cluster auto-paused " + idleMs + " ms after the application went idle");
            return "cluster auto-paused " + idleMs + " ms after the application went idle";
        }
        out.println(">>> the idle application kept the cluster awake for " + idleMs
                + " ms; pausing it anyway (its sessions end)");
        recorder.event("pause forced: the idle application kept the cluster awake", "lab");
        lab.pause(writer);
        return "the idle application kept the cluster awake " + idleMs + " ms, pause forced";
    }

    /**
     * Injects {@code fault} through the lab's control plane and returns once its action is done; the moment goes on the
     * timeline as {@code name}, what it hit to {@link DrillRecorder#faultHit}.
     */
    Fault.Injection inject(DrillRecorder recorder, Fault fault, String name) throws InterruptedException {
        String writer = lab.writerId();
        out.println(">>> " + (name.equals("fault injected") ? "" : name + ": ") + switch (fault) {
            case CRASH -> "crashing the writer " + writer + " (kill -9, host lost: failover)";
            case ENGINE_CRASH -> "crashing the writer's engine " + writer + " (kill -9, restart in place)";
            case PLANNED -> "planned failover away from " + writer;
            case ISOLATE -> "black-holing the writer " + writer + ", then failing over";
            case LATENCY -> "adding " + plan.latency().toMillis() + " ms of latency to the writer " + writer;
            case READER_CRASH -> "crashing a reader (kill -9)";
            case RESTART -> "restarting the writer " + writer + " in place (no failover)";
            case PAUSE -> "pausing the cluster of " + writer + " (Serverless v2; the next connection resumes it)";
        });
        long at = recorder.faultInjected(name);
        Fault.Injection hit = fault.inject(lab, new Fault.Settings(Duration.ZERO, plan.latency()));
        recorder.faultHit(fault.id(), hit.instance(), at);
        record(recorder, hit.report());
        return hit;
    }

    /**
     * Ends a fault of a chaos run: heals a network fault ({@link Fault.Injection#healIfNeeded}), restarts a crashed
     * reader, then waits until the lab is healthy again (every instance up, every reader streaming).
     */
    void restore(DrillRecorder recorder, Fault.Injection hit) {
        if (hit.healIfNeeded(lab)) {
            recorder.event("network healed on " + hit.instance(), "lab");
        }
        if (hit.fault() == Fault.READER_CRASH) {
            lab.restart(hit.instance());
            recorder.event("reader " + hit.instance() + " restarted", "lab");
        }
        lab.awaitHealthy(HEALTHY_TIMEOUT);
        recorder.event("lab healthy again", "lab");
    }

    /** The action's phases on the timeline; it started after the fault was marked, so none is placed before it. */
    private void record(DrillRecorder recorder, FailoverReport report) {
        for (Map.Entry<String, Instant> phase : report.phases().entrySet()) {
            recorder.faultPhase(phase.getKey(), phase.getValue());
        }
    }

    @Override
    public String faultedInstance() {
        return injection == null ? null : injection.instance();
    }

    @Override
    public void settle(DrillRecorder recorder) {
        if (plan.fault() == Fault.PAUSE) {
            List<FailoverReport> events = lab.serverlessEvents();
            for (int i = events.size() - 1; i >= 0; i--) {
                if (events.get(i).phase(FailoverReport.RESUMED).isPresent()) {
                    record(recorder, events.get(i));
                    recorder.event("lab resume took " + events.get(i).duration().toMillis() + " ms", "lab",
                            events.get(i).phase(FailoverReport.RESUMED).orElseThrow());
                    break;
                }
            }
        }
        if (injection != null && injection.healIfNeeded(lab)) {
            recorder.event("network healed on " + injection.instance(), "lab");
        }
    }

    @Override
    public void close() {
        lab.close();
    }
}
