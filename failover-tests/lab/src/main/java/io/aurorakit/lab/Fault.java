package io.aurorakit.lab;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The one vocabulary of faults a lab can suffer - used by the drill, the failover-timing harness and tests - each
 * able to inject itself into an {@link AuroraLab}.
 *
 * <pre>{@code
 * Fault.Injection hit = Fault.byId("isolate").inject(lab, Fault.Settings.DEFAULT);
 * ...
 * hit.healIfNeeded(lab);
 * }</pre>
 */
public enum Fault {
    /** Host loss: kill -9 of the writer, then Aurora-style automatic failover after the lab's detection delay. */
    CRASH("crash"),
    /**
     * Engine crash on a healthy host: kill -9 of the writer, then its engine restarts in place after the detection
     * delay (crash recovery); no failover.
     */
    ENGINE_CRASH("engine-crash"),
    /** A planned failover, like {@code aws rds failover-db-cluster}. */
    PLANNED("planned"),
    /**
     * The writer is black-holed (no RST, like Aurora's hard fence: in-flight statements hang), held so for
     * {@link Settings#isolateHold()}, then the cluster fails over. Its network stays black-holed until
     * {@link Injection#healIfNeeded}.
     */
    ISOLATE("isolate"),
    /** Network latency of {@link Settings#latency()} on the writer; no failover. Removed by {@link Injection#healIfNeeded}. */
    LATENCY("latency"),
    /** kill -9 of one reader; no failover (the writer stays). */
    READER_CRASH("reader-crash"),
    /** The writer's engine restarts in place (clean stop, then start), as Aurora restarts a crashed engine; no failover. */
    RESTART("restart"),
    /**
     * Serverless v2 scale to zero, on a lab started with {@code serverless(0, max, ...)}: the whole cluster pauses at
     * once ({@link AuroraLab#pause(String)} of the writer: every reader, then the writer; sessions still connected end,
     * which Aurora's own auto-pause never does), and the next connection to any instance resumes it, held for the
     * lab's resume time (see {@link AuroraLab#serverlessEvents()}). No failover; nothing to heal. {@link #inject}
     * throws {@link IllegalStateException} on a lab whose instances cannot pause.
     */
    PAUSE("pause");

    private final String id;

    Fault(String id) {
        this.id = id;
    }

    /** The name used on command lines and in reports, e.g. {@code reader-crash}. */
    public String id() {
        return id;
    }

    /** Whether this fault moves the writer role to another instance. */
    public boolean changesWriter() {
        return this == CRASH || this == PLANNED || this == ISOLATE;
    }

    /** Whether the lab should hard-fence (black-hole, no RST) a writer that is failed away from, as Aurora does. */
    public boolean needsHardFence() {
        return this == ISOLATE;
    }

    /**
     * The fault named {@code id} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the accepted ids
     */
    public static Fault byId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + id + "', expected one of "
                        + ids()));
    }

    /** Every id, comma-separated, for usage texts. */
    public static String ids() {
        return Arrays.stream(values()).map(Fault::id).collect(Collectors.joining(", "));
    }

    /**
     * Injects the fault and returns when the lab's action completed (a failover can take seconds).
     *
     * @return what was hit, with the control plane's report (empty for {@link #LATENCY})
     */
    public Injection inject(AuroraLab lab, Settings settings) throws InterruptedException {
        String writer = lab.writerId();
        switch (this) {
            case CRASH:
                return new Injection(this, writer, lab.crashWriter());
            case ENGINE_CRASH:
                return new Injection(this, writer, lab.crashWriterEngine());
            case PLANNED:
                return new Injection(this, writer, lab.failover());
            case ISOLATE:
                lab.isolate(writer);
                Thread.sleep(settings.isolateHold().toMillis());
                return new Injection(this, writer, lab.failover());
            case LATENCY:
                return new Injection(this, writer, lab.latency(writer, settings.latency()));
            case RESTART:
                return new Injection(this, writer, lab.restart(writer));
            case PAUSE:
                return new Injection(this, writer, lab.pause(writer));
            default:
                String reader = lab.instances().stream().map(LabInstance::id).filter(id -> !id.equals(writer))
                        .findFirst().orElseThrow(() -> new IllegalStateException("the lab has no reader to crash"));
                return new Injection(this, reader, lab.crash(reader));
        }
    }

    /**
     * How a fault is injected.
     *
     * @param isolateHold how long {@link #ISOLATE} keeps the writer black-holed before the cluster fails over
     * @param latency     the latency {@link #LATENCY} adds
     */
    public record Settings(Duration isolateHold, Duration latency) {
        /** No hold; 200 ms latency. */
        public static final Settings DEFAULT = new Settings(Duration.ZERO, Duration.ofMillis(200));
    }

    /**
     * A fault as injected.
     *
     * @param fault    the fault
     * @param instance the instance it hit (the old writer, the crashed reader, or the writer whose cluster paused)
     * @param report   the control plane's report of the action
     */
    public record Injection(Fault fault, String instance, FailoverReport report) {

        /** Removes a network fault ({@link #ISOLATE}, {@link #LATENCY}) from the instance; true if there was one. */
        public boolean healIfNeeded(AuroraLab lab) {
            if (fault != ISOLATE && fault != LATENCY) {
                return false;
            }
            lab.heal(instance);
            return true;
        }
    }
}
