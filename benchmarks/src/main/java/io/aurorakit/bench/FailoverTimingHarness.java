package io.aurorakit.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.Fault;
import io.aurorakit.lab.LabTiming;
import io.aurorakit.measure.LoadClient;
import io.aurorakit.measure.LoadTable;
import io.aurorakit.measure.OperationLog;
import io.aurorakit.measure.Workload;
import io.aurorakit.measure.WrapperLogProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover-timing harness: repeated lab failovers (crash, planned, black hole) under a small load (2 writer + 2
 * reader threads at 20 operations/s each) for each {@link ClientConfiguration}, all on one lab with
 * {@link LabTiming#AURORA} timing (3 s detection, 2 s promotion, 5 s stale DNS, hard fence). Also measures lab
 * start-up and planned failover time in a {@link LabTiming#FAST} lab. Writes {@link HarnessResult} as JSON.
 *
 * <p>During each run a {@code DbLoadSampler} samples every instance ({@link InstanceSamplers}, every
 * {@link #LOAD_SAMPLE_INTERVAL}); the run records the top wait events and statements on the writer in the
 * {@link #LOAD_WINDOW} before the fault and on the new writer in the {@link #LOAD_WINDOW} after the lab's new writer
 * became available. The load runs that long before the fault (after the warm-up) and after it; the outage figures are
 * taken when the client has recovered, as without the samplers.
 *
 * <pre>
 * java -Djdk.net.hosts.file=/tmp/lab.hosts -Dsun.net.inetaddr.ttl=0 -cp benchmarks.jar \
 *     io.aurorakit.bench.FailoverTimingHarness --profile quick --out results/harness.json
 * </pre>
 * Options (after {@code --profile}, which sets the defaults): {@code --reps N},
 * {@code --faults crash,planned,isolate},
 * {@code --configs aurora-kit-default,...}, {@code --cap-seconds S} (observation limit per run),
 * {@code --lab-starts N}, {@code --planned-failovers N}, {@code --out FILE}.
 */
public final class FailoverTimingHarness {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverTimingHarness.class);
    private static final int WRITERS = 2;
    private static final int READERS = 2;
    private static final int RATE_PER_THREAD = 20;
    private static final Duration WARM_UP = Duration.ofMillis(1500);
    private static final Duration SETTLE = Duration.ofMillis(1000);
    private static final Duration MAX_BLACK_HOLE = Duration.ofSeconds(50);
    /** Length of the load windows before and after the fault. */
    static final Duration LOAD_WINDOW = Duration.ofSeconds(5);
    /**
     * How often the harness's samplers sample: 10 Hz (the sampler's fastest) rather than Performance Insights' 1 Hz,
     * so a 5 s window of a light load (4 clients at 20 ops/s, a few ms each) still sees its sessions; average active
     * sessions mean the same at any rate, only with less sampling noise.
     */
    static final Duration LOAD_SAMPLE_INTERVAL = Duration.ofMillis(100);

    private final HarnessOptions options;

    FailoverTimingHarness(HarnessOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FailoverTimingHarness: " + e.getMessage());
            System.err.println(HarnessOptions.USAGE);
            System.exit(2);
            return;
        }
        HarnessResult result = new FailoverTimingHarness(options).run();
        write(result, options.out());
        System.out.println("harness results written to " + options.out());
        try {
            software.amazon.jdbc.Driver.releaseResources();
        } catch (NoClassDefFoundError e) {
            // 4.3.0's cache cleanup touches the optional AWS SDK rds classes; threads were released before that.
        }
    }

    static void write(HarnessResult result, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
    }

    HarnessResult run() throws Exception {
        List<Long> starts = new ArrayList<>();
        List<Long> planned = new ArrayList<>();
        List<Long> plannedWriter = new ArrayList<>();
        String postgresVersion = "unknown";
        for (int i = 0; i < options.labStarts(); i++) {
            try (AuroraLab lab = AuroraLab.builder().readers(2).clusterName("harness").start()) {
                starts.add(lab.startupTime().toMillis());
                postgresVersion = serverVersion(lab);
                if (i == 0) {
                    for (int f = 0; f < options.plannedFailovers(); f++) {
                        FailoverReport report = lab.failover();
                        planned.add(report.duration().toMillis());
                        plannedWriter.add(report.timeTo(FailoverReport.WRITER_AVAILABLE).orElseThrow().toMillis());
                        LOG.info("FAST planned failover: {}", report);
                    }
                }
            }
        }
        List<HarnessResult.Run> runs = new ArrayList<>();
        if (!options.configurations().isEmpty() && !options.faults().isEmpty() && options.repetitions() > 0) {
            try (AuroraLab lab = AuroraLab.builder().readers(2).clusterName("harness").timing(LabTiming.AURORA)
                    .start()) {
                starts.add(lab.startupTime().toMillis());
                postgresVersion = serverVersion(lab);
                createTable(lab);
                for (int rep = 1; rep <= options.repetitions(); rep++) {
                    for (Fault fault : options.faults()) {
                        for (ClientConfiguration config : options.configurations()) {
                            lab.awaitHealthy(Duration.ofSeconds(90));
                            HarnessResult.Run run = runOnce(lab, config, fault, rep);
                            runs.add(run);
                            System.out.printf("%-26s %-9s #%d: write outage %6d ms%s, read outage %6d ms,"
                                            + " detection %s ms, lab writer-available %5d ms, errors %d%n",
                                    config.id(), fault.id(), rep, run.writeOutageMs(), run.censored() ? "+" : "",
                                    run.readOutageMs(), run.detectionMs(), run.labPromotionMs(), run.errors());
                        }
                    }
                }
            }
        }
        return new HarnessResult(Instant.now().toString(), options.profile(), Environment.current(postgresVersion),
                LabTiming.AURORA.toString(), starts, planned, plannedWriter, runs);
    }

    private HarnessResult.Run runOnce(AuroraLab lab, ClientConfiguration config, Fault fault, int rep)
            throws Exception {
        OperationLog log = new OperationLog();
        String tag = fault.id() + rep + "-" + System.nanoTime();
        LoadClient client = config.open(lab, tag, log);
        WrapperLogProbe probe = WrapperLogProbe.attach();
        Workload load = Workload.start(client, log, new Workload.Settings("harness", WRITERS, READERS,
                RATE_PER_THREAD));
        InstanceSamplers samplers = InstanceSamplers.start(lab, LOAD_SAMPLE_INTERVAL);
        try {
            Thread.sleep(WARM_UP.plus(LOAD_WINDOW).toMillis());
            String oldWriter = lab.writerId();
            if (log.successEnds(OperationLog.Role.WRITE).isEmpty()) {
                throw new IllegalStateException(config.id() + " did not acknowledge any write before the fault;"
                        + " errors: " + log.errorsAfter(0));
            }
            Instant faultWall = Instant.now();
            long fault0 = System.nanoTime();
            Duration hold = blackHoleHold(lab, config);
            Fault.Injection injection = fault.inject(lab, new Fault.Settings(hold, Fault.Settings.DEFAULT.latency()));
            injection.healIfNeeded(lab); // the cluster failed over; the old writer's network is healed at once
            FailoverReport report = injection.report();
            long actionDone = System.nanoTime();
            long cap = actionDone + TimeUnit.SECONDS.toNanos(options.capSeconds());
            while (System.nanoTime() < cap && !recoveredAfter(log, actionDone)) {
                Thread.sleep(100);
            }
            long end = Math.min(System.nanoTime(), Math.max(cap, actionDone));
            List<Long> writes = log.successEnds(OperationLog.Role.WRITE);
            long writeGap = OperationLog.longestGapAfter(writes, fault0, end).length();
            long readGap = OperationLog.longestGapAfter(log.successEnds(OperationLog.Role.READ), fault0, end).length();
            long lastWrite = writes.isEmpty() ? 0 : writes.get(writes.size() - 1);
            boolean censored = lastWrite <= fault0 || end - lastWrite >= writeGap;
            long detection = log.detectionNanos(fault0);
            long wrapperDetection = probe.firstAfter(WrapperLogProbe.WRITER_FAILOVER, fault0);
            Map<String, Integer> errors = log.errorsAfter(fault0);
            int readsOk = log.successEnds(OperationLog.Role.READ).size();
            // the load runs on for the window after the fault; what it does then is not part of the run's figures
            HarnessResult.DbLoadAround dbLoad = loadAround(samplers, oldWriter, lab.writerId(), faultWall,
                    report.phase(FailoverReport.WRITER_AVAILABLE).orElse(faultWall));
            return new HarnessResult.Run(config.id(), fault.id(), rep, millis(writeGap), millis(readGap),
                    detection < 0 ? null : millis(detection), wrapperDetection < 0 ? null : millis(wrapperDetection),
                    config.detectionBudget().map(Duration::toMillis).orElse(null),
                    fault == Fault.ISOLATE ? hold.toMillis() : 0,
                    sinceFault(faultWall, report, FailoverReport.WRITER_AVAILABLE),
                    sinceFault(faultWall, report, FailoverReport.DNS_UPDATED),
                    errors.values().stream().mapToLong(Integer::longValue).sum(), errors, writes.size(), readsOk,
                    censored, millis(end - fault0), dbLoad);
        } finally {
            probe.close();
            stop(load, client);
            samplers.close();
        }
    }

    /**
     * Keeps the load running until the {@link #LOAD_WINDOW} after {@code writerAvailable} has passed, then reads the
     * windows before the fault on {@code oldWriter} and after it on {@code newWriter}.
     */
    private static HarnessResult.DbLoadAround loadAround(InstanceSamplers samplers, String oldWriter,
                                                         String newWriter, Instant fault, Instant writerAvailable)
            throws InterruptedException {
        Instant afterEnd = writerAvailable.plus(LOAD_WINDOW).plusSeconds(1);
        long wait = Duration.between(Instant.now(), afterEnd).toMillis() + LOAD_SAMPLE_INTERVAL.toMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        return new HarnessResult.DbLoadAround(samplers.before(oldWriter, fault, LOAD_WINDOW),
                samplers.after(newWriter, fault, writerAvailable, LOAD_WINDOW));
    }

    /**
     * The black hole lasts past the configuration's detection budget (+2 s, at most {@link #MAX_BLACK_HOLE}) so the
     * client has to detect it itself; without failure detection it lasts the lab's own detection delay.
     */
    static Duration blackHoleHold(AuroraLab lab, ClientConfiguration config) {
        Duration labDetection = lab.timing().detectionDelay();
        Duration hold = config.detectionBudget().map(b -> b.plusSeconds(2)).orElse(labDetection);
        hold = hold.compareTo(labDetection) < 0 ? labDetection : hold;
        return hold.compareTo(MAX_BLACK_HOLE) > 0 ? MAX_BLACK_HOLE : hold;
    }

    /** Writes and reads both succeeded in operations started after the lab's action, and {@link #SETTLE} passed. */
    private static boolean recoveredAfter(OperationLog log, long actionDone) {
        if (System.nanoTime() - actionDone < SETTLE.toNanos()) {
            return false;
        }
        boolean write = false;
        boolean read = false;
        for (OperationLog.Op op : log.ops()) {
            if (op.ok() && op.startNanos() > actionDone) {
                write |= op.role() == OperationLog.Role.WRITE;
                read |= op.role() == OperationLog.Role.READ;
            }
        }
        return write && read;
    }

    private static long sinceFault(Instant faultWall, FailoverReport report, String phase) {
        return report.phase(phase).map(at -> Duration.between(faultWall, at).toMillis()).orElse(-1L);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static String serverVersion(AuroraLab lab) throws SQLException {
        try (Connection c = lab.connectDirect(lab.writerId());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW server_version")) {
            r.next();
            return r.getString(1);
        }
    }

    private static void createTable(AuroraLab lab) throws SQLException {
        try (Connection c = lab.connectDirect(lab.writerId());
             Statement s = c.createStatement()) {
            s.execute(LoadTable.createSql(LoadClients.TABLE));
        }
    }

    /** Stops the load; closing the client aborts statements still hanging on a black-holed connection. */
    private static void stop(Workload load, LoadClient client) throws InterruptedException {
        boolean stopped = load.stop(Duration.ofSeconds(3));
        client.close();
        if (!stopped && !load.stop(Duration.ofSeconds(10))) {
            LOG.warn("{} still run after the client was closed; they are daemons and end with the JVM",
                    load.aliveThreads());
        }
    }
}
