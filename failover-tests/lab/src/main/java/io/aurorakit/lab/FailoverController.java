package io.aurorakit.lab;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's control plane, modelled on RDS: planned and automatic failover, crashes, restarts and network faults.
 * One action at a time (methods are synchronized); each returns a {@link FailoverReport} timeline.
 *
 * <p>Failover: fence the old writer (proxy disabled, or black-holed with {@link LabTiming#hardFence()}) and stop it
 * cleanly (planned) -> choose the target (best promotion tier; within it a random instance, seeded, as Aurora does not
 * promise which; if it is behind another survivor it first streams the missing WAL from that survivor, so no
 * acknowledged commit is lost) -> make the target unreachable while it "restarts" -> pg_promote -> terminate its client
 * sessions -> re-point the other readers -> synchronous_standby_names and membership on the new writer -> open the new
 * writer -> bring the old writer back as a reader (restart as standby after a clean stop, re-clone after a crash or if
 * it does not stream) and open it: read-only, while the cluster endpoint still points at it -> when the DNS delay
 * (counted from the new writer's opening) ends, re-point the cluster endpoint.
 *
 * <p>Serverless v2 ({@link ServerlessController}): an action that needs a paused instance - a failover (the writer's
 * group, and the target; with no tier 0-1 reader every paused reader, so that a target exists), a crash or restart of
 * it - resumes it first, in the same report ({@link FailoverReport#RESUME_INITIATED}, {@link FailoverReport#RESUMED}),
 * as Aurora "may resume an instance and promote it" during a failover. Network faults (isolate, heal, latency) act on
 * the proxy only and resume nothing.
 *
 * <p>Failovers, crashes and restarts also tell {@link RdsActivity} what RDS would show meanwhile - the cluster
 * {@code failing-over}, an instance {@code rebooting} - and the events Aurora publishes, whoever asked (Java or the
 * lab's RDS API).
 */
final class FailoverController {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverController.class);
    private static final Duration STREAMING_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(20);

    private final List<PostgresInstance> instances;
    private final LabTiming timing;
    private final InstanceProxies proxies;
    private final LabDns dns;
    private final TopologyCatalog catalog;
    private final Random targetChoice;
    private final long seed;
    private final RdsActivity rds;
    private volatile PostgresInstance writer;
    private volatile ServerlessController serverless;

    FailoverController(List<PostgresInstance> instances, PostgresInstance writer, LabTiming timing,
                       InstanceProxies proxies, LabDns dns, TopologyCatalog catalog, long seed, RdsActivity rds) {
        this.instances = List.copyOf(instances);
        this.writer = writer;
        this.timing = timing;
        this.proxies = proxies;
        this.dns = dns;
        this.catalog = catalog;
        this.seed = seed;
        this.rds = rds;
        this.targetChoice = new Random(seed);
    }

    PostgresInstance writer() {
        return writer;
    }

    /** Makes actions resume paused instances first (set once, when the lab is serverless). */
    void serverless(ServerlessController controller) {
        this.serverless = controller;
    }

    List<PostgresInstance> instances() {
        return instances;
    }

    PostgresInstance instance(String id) {
        for (PostgresInstance instance : instances) {
            if (instance.id().equals(id)) {
                return instance;
            }
        }
        throw new IllegalArgumentException("instance id '" + id + "' is unknown; expected one of "
                + instances.stream().map(PostgresInstance::id).collect(Collectors.toList()));
    }

    // ------------------------------------------------------------------------------------------------ actions

    synchronized FailoverReport failover(String targetId) {
        PostgresInstance old = writer;
        if (targetId != null) {
            PostgresInstance target = instance(targetId);
            if (target == old) {
                throw new IllegalArgumentException("failover target '" + targetId + "' is already the writer; "
                        + "expected a reader id");
            }
            if (!target.running() && !target.paused()) {
                throw new IllegalArgumentException("failover target '" + targetId + "' is not running ("
                        + target.state() + "); restart it first");
            }
        } else if (instances.stream().noneMatch(i -> i != old && (i.running() || i.paused()))) {
            throw new IllegalStateException("failover needs a running reader; the lab has none (instances: "
                    + instances + ")");
        }
        FailoverReport.Recorder rec = new FailoverReport.Recorder(
                targetId == null ? "failover" : "failover to " + targetId, old.id());
        return asFailover(old, () -> run(rec, () -> {
            List<PostgresInstance> needed = new ArrayList<>(List.of(old));
            if (targetId != null) {
                needed.add(instance(targetId));
            } else if (instances.stream().noneMatch(i -> i != old && i.tier() <= 1 && (i.running() || i.paused()))) {
                instances.stream().filter(i -> i != old && i.paused()).forEach(needed::add);
            }
            resumeFirst(rec, needed);
            return doFailover(rec, targetId);
        }));
    }

    /**
     * Runs a failover action with the cluster {@code failing-over} and the writer {@code rebooting} for RDS's view,
     * recording RDS-EVENT-0069 if it fails.
     */
    private FailoverReport asFailover(PostgresInstance old, Supplier<FailoverReport> action) {
        rds.failoverBegan(old.id());
        try {
            return action.get();
        } catch (RuntimeException e) {
            rds.failoverFailed();
            throw e;
        } finally {
            rds.failoverEnded(old.id());
        }
    }

    /** Runs an action with the instance {@code rebooting} for RDS's view. */
    private FailoverReport asReboot(PostgresInstance instance, Supplier<FailoverReport> action) {
        rds.rebootBegan(instance.id());
        try {
            return action.get();
        } finally {
            rds.rebootEnded(instance.id());
        }
    }

    /** Host loss: kill -9, detection, then a failover (or a restart in place when no reader is left). */
    synchronized FailoverReport crashWriter() {
        PostgresInstance old = writer;
        FailoverReport.Recorder rec = new FailoverReport.Recorder("crashWriter", old.id());
        return asFailover(old, () -> run(rec, () -> {
            resumeFirst(rec, List.of(old));
            crashAndDetect(old, rec);
            if (aliveReaders(old).isEmpty()) {
                // Aurora recreates the primary in place when there is no reader to fail over to.
                old.start();
                rec.phase(FailoverReport.STARTED);
                rds.restarted(old.id());
                return old;
            }
            return doFailover(rec, null);
        }));
    }

    /**
     * Engine crash on a healthy host: kill -9, detection, then the engine restarts in place with crash recovery; no
     * failover, the writer stays (Aurora's usual answer to a crashed database process).
     */
    synchronized FailoverReport crashWriterEngine() {
        PostgresInstance w = writer;
        FailoverReport.Recorder rec = new FailoverReport.Recorder("crashWriterEngine", w.id());
        return asReboot(w, () -> run(rec, () -> {
            resumeFirst(rec, List.of(w));
            crashAndDetect(w, rec);
            w.start();
            rec.phase(FailoverReport.STARTED);
            rds.restarted(w.id());
            for (PostgresInstance reader : aliveReaders(w)) {
                ensureStreaming(reader);
            }
            rec.phase(FailoverReport.STREAMING);
            return w;
        }));
    }

    /** kill -9 of the writer, then the timing's detection delay (Aurora's health check noticing). */
    private void crashAndDetect(PostgresInstance w, FailoverReport.Recorder rec) {
        w.kill();
        rec.phase(FailoverReport.CRASHED);
        rds.shutdown(w.id());
        sleep(timing.detectionDelay());
        rec.phase(FailoverReport.DETECTED);
    }

    synchronized FailoverReport crash(String id) {
        PostgresInstance instance = instance(id);
        FailoverReport.Recorder rec = new FailoverReport.Recorder("crash " + id, writer.id());
        return run(rec, () -> {
            resumeFirst(rec, List.of(instance));
            instance.kill();
            rec.phase(FailoverReport.CRASHED);
            rds.shutdown(instance.id());
            if (instance != writer) {
                updateSynchronousStandbys();
            }
            return writer;
        });
    }

    synchronized FailoverReport restart(String id) {
        PostgresInstance instance = instance(id);
        FailoverReport.Recorder rec = new FailoverReport.Recorder("restart " + id, writer.id());
        return asReboot(instance, () -> run(rec, () -> {
            resumeFirst(rec, List.of(instance));
            if (instance.running()) {
                instance.stopFast();
                rec.phase(FailoverReport.STOPPED);
                rds.shutdown(instance.id());
            }
            if (instance == writer) {
                instance.start();
                rec.phase(FailoverReport.STARTED);
                rds.restarted(instance.id());
            } else {
                instance.configureAsStandbyOf(writer);
                instance.start();
                rec.phase(FailoverReport.STARTED);
                rds.restarted(instance.id());
                ensureStreaming(instance);
                rec.phase(FailoverReport.STREAMING);
                updateSynchronousStandbys();
            }
            return writer;
        }));
    }

    synchronized FailoverReport isolate(String id) {
        return network("isolate " + id, () -> proxies.isolate(instance(id).id()));
    }

    synchronized FailoverReport heal(String id) {
        return network("heal " + id, () -> proxies.heal(instance(id).id()));
    }

    synchronized FailoverReport latency(String id, Duration latency) {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency for " + id + " = " + latency
                    + " is invalid; expected a duration >= 0 (0 removes it)");
        }
        return network("latency " + id + " " + latency.toMillis() + " ms",
                () -> proxies.latency(instance(id).id(), latency));
    }

    /**
     * Waits until every instance runs and every reader streams from the writer. A paused instance counts as healthy
     * (Aurora keeps its status {@code available}): it need not run or stream.
     */
    void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String problem;
        do {
            problem = healthProblem();
            if (problem == null) {
                return;
            }
            sleep(Duration.ofMillis(50));
        } while (System.nanoTime() < deadline);
        throw new AuroraLabException("the lab did not become healthy within " + timeout.toMillis() + " ms: " + problem);
    }

    private String healthProblem() {
        PostgresInstance w = writer;
        for (PostgresInstance instance : instances) {
            if (!instance.running() && !instance.paused()) {
                return instance.id() + " is " + instance.state();
            }
        }
        if (w.paused()) {
            return null; // the writer pauses last: every instance is paused
        }
        try {
            if (w.inRecovery()) {
                return "the writer " + w.id() + " is in recovery";
            }
            List<String> streaming = w.streamingStandbys();
            for (PostgresInstance instance : instances) {
                if (instance != w && !instance.paused() && !streaming.contains(instance.id())) {
                    return instance.id() + " is not streaming from " + w.id() + " (streaming: " + streaming + ")";
                }
            }
            return null;
        } catch (SQLException e) {
            return "cannot query the writer " + w.id() + ": " + e.getMessage();
        }
    }

    // ------------------------------------------------------------------------------------------------ failover

    private PostgresInstance doFailover(FailoverReport.Recorder rec, String targetId) throws Exception {
        PostgresInstance old = writer;
        boolean crashed = !old.running();
        proxies.fence(old.id(), timing.hardFence());
        if (!crashed) {
            old.stopFast();
        }
        rec.phase(FailoverReport.FENCED);

        Map<PostgresInstance, Long> received = new LinkedHashMap<>();
        for (PostgresInstance candidate : aliveReaders(old)) {
            received.put(candidate, candidate.walPosition());
        }
        if (received.isEmpty()) {
            throw new AuroraLabException("no running reader to fail over to");
        }
        PostgresInstance target = targetId != null ? instance(targetId) : chooseTarget(received.keySet(), rec);
        rec.phase(FailoverReport.TARGET_CHOSEN);
        rds.failoverStarted(target.id(), RdsActivity.availabilityZone(old.number())
                .equals(RdsActivity.availabilityZone(target.number())));
        if (!crashed) {
            rds.shutdown(old.id()); // recorded after "Started ... failover", the order Aurora publishes them in
        }
        PostgresInstance mostAdvanced = received.entrySet().stream().max(Map.Entry.comparingByValue())
                .orElseThrow().getKey();
        long maxLsn = received.get(mostAdvanced);
        if (received.get(target) < maxLsn) {
            catchUp(target, mostAdvanced, maxLsn);
            rec.phase(FailoverReport.TARGET_CAUGHT_UP);
        }

        proxies.fence(target.id(), false); // Aurora restarts the failover target: its client connections drop
        sleep(timing.promotionDelay());
        target.promote();
        catalog.afterPromotion(old, target); // topology: the new writer's heartbeat, opt-in transients
        rec.phase(FailoverReport.PROMOTED);
        target.terminateClientSessions();
        rec.phase(FailoverReport.SESSIONS_TERMINATED);
        writer = target;
        dns.writerChanged(target);
        for (PostgresInstance reader : aliveReaders(target)) {
            reader.repointTo(target);
        }
        rec.phase(FailoverReport.REPLICAS_REPOINTED);
        updateSynchronousStandbys();
        catalog.writeMembership(target, instances);
        rec.phase(FailoverReport.MEMBERSHIP_UPDATED);
        proxies.unfence(target.id());
        rec.phase(FailoverReport.WRITER_AVAILABLE);
        rds.failoverCompleted(target.id());

        // Aurora's writer CNAME moves when its DNS delay ends; meanwhile the old writer restarts as a reader and
        // serves the stale name read-only (25006 on a write), as on Aurora.
        CompletableFuture<Instant> dnsMoved = dns.pointClusterAt(target, timing.dnsDelay());
        rejoin(old, crashed);
        rds.restarted(old.id());
        proxies.unfence(old.id());
        Instant rejoinedAt = Instant.now();
        Instant movedAt = dnsMoved.join();
        if (movedAt.isBefore(rejoinedAt)) {
            rec.phase(FailoverReport.DNS_UPDATED, movedAt);
            rec.phase(FailoverReport.OLD_WRITER_REJOINED, rejoinedAt);
        } else {
            rec.phase(FailoverReport.OLD_WRITER_REJOINED, rejoinedAt);
            rec.phase(FailoverReport.DNS_UPDATED, movedAt);
        }
        updateSynchronousStandbys();
        LOG.info("failover {} -> {} ({})", old.id(), target.id(), crashed ? "after crash" : "planned");
        return target;
    }

    /**
     * Aurora's rule: the lowest promotion tier; within it Aurora promises no order, so the lab draws one at random
     * (seeded by the lab's seed) and writes the draw into the report.
     */
    private PostgresInstance chooseTarget(Collection<PostgresInstance> candidates,
                                          FailoverReport.Recorder rec) {
        int best = candidates.stream().mapToInt(PostgresInstance::tier).min().orElseThrow();
        List<PostgresInstance> sameTier = candidates.stream().filter(c -> c.tier() == best)
                .sorted(Comparator.comparingInt(PostgresInstance::number)).collect(Collectors.toList());
        PostgresInstance target = sameTier.get(targetChoice.nextInt(sameTier.size()));
        if (sameTier.size() > 1) {
            rec.note("target " + target.id() + " drawn at random from tier " + best + " "
                    + sameTier.stream().map(PostgresInstance::id).collect(Collectors.toList()) + " (lab seed " + seed
                    + ")");
        }
        return target;
    }

    /**
     * Streams WAL the target lacks from the most advanced survivor (cascading replication) before promotion. A
     * standby streams on only what it has replayed: when the source received the start of a record the crashed
     * writer never finished, that tail never comes. So the target has caught up once it has everything the source
     * replayed and the source's recovery waits for more WAL (every complete record it holds is replayed, none is held
     * back by a query conflict).
     */
    private void catchUp(PostgresInstance target, PostgresInstance source, long lsn) throws Exception {
        LOG.info("{} is behind {} (needs LSN {}); catching up before promotion", target.id(), source.id(), lsn);
        target.repointTo(source);
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (true) {
            long have = target.walPosition();
            if (have >= lsn) {
                return;
            }
            long replayed = source.replayedLsn();
            if (have >= replayed && source.replayWaitsForWal() && source.replayedLsn() == replayed) {
                LOG.info("{} has all {} replayed (LSN {}); the rest up to {} is a record the old writer never"
                        + " finished", target.id(), source.id(), replayed, lsn);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AuroraLabException(target.id() + " did not receive WAL up to " + lsn + " from "
                        + source.id() + " within " + CATCH_UP_TIMEOUT.toMillis() + " ms (it has " + have + ", "
                        + source.id() + " replayed " + replayed + ")");
            }
            sleep(Duration.ofMillis(10));
        }
    }

    /** Brings the old writer back as a reader of the current writer. */
    private void rejoin(PostgresInstance old, boolean crashed) {
        if (crashed) {
            old.cloneFrom(writer);
            old.start();
        } else {
            old.configureAsStandbyOf(writer);
            old.start();
        }
        ensureStreaming(old);
    }

    /** Waits for the reader to stream from the writer; re-clones it once if it does not (e.g. diverged WAL). */
    void ensureStreaming(PostgresInstance reader) {
        if (awaitStreaming(reader, STREAMING_TIMEOUT)) {
            return;
        }
        LOG.warn("{} does not stream from {} within {} ms; re-cloning it", reader.id(), writer.id(),
                STREAMING_TIMEOUT.toMillis());
        reader.kill();
        reader.cloneFrom(writer);
        reader.start();
        if (!awaitStreaming(reader, STREAMING_TIMEOUT)) {
            throw new AuroraLabException(reader.id() + " does not stream from the writer " + writer.id()
                    + " even after a re-clone; see its log " + reader.logFile());
        }
    }

    boolean awaitStreaming(PostgresInstance reader, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            try {
                if (writer.streamingStandbys().contains(reader.id())) {
                    return true;
                }
            } catch (SQLException e) {
                LOG.debug("waiting for {} to stream: {}", reader.id(), e.getMessage());
            }
            sleep(Duration.ofMillis(10));
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** {@code ANY 1 (<running readers>)} on the writer, or '' when it has no running reader (Aurora never blocks). */
    void updateSynchronousStandbys() throws SQLException {
        PostgresInstance w = writer;
        List<String> names = new ArrayList<>();
        for (PostgresInstance reader : aliveReaders(w)) {
            names.add('"' + reader.id() + '"');
        }
        String value = names.isEmpty() ? "" : "ANY 1 (" + String.join(", ", names) + ")";
        try (Connection c = w.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET synchronous_standby_names = '" + value + "'");
            s.execute("SELECT pg_catalog.pg_reload_conf()");
        }
    }

    private List<PostgresInstance> aliveReaders(PostgresInstance currentWriter) {
        return instances.stream().filter(i -> i != currentWriter && i.running()).collect(Collectors.toList());
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    /** Runs {@code action} between control-plane actions (none runs meanwhile). */
    synchronized <T> T exclusive(java.util.concurrent.Callable<T> action) {
        try {
            return action.call();
        } catch (AuroraLabException | IllegalArgumentException | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new AuroraLabException(e.getMessage(), e);
        }
    }

    /** Serverless v2: resumes what the action needs if it is paused (the writer's group first), in the action's report. */
    private void resumeFirst(FailoverReport.Recorder rec, List<PostgresInstance> needed) {
        ServerlessController s = serverless;
        if (s != null && s.resumeWithin(rec, needed)) {
            rec.note("paused instances resumed first, as Aurora resumes a paused instance for a control-plane action");
        }
    }

    private interface Action {
        PostgresInstance run() throws Exception;
    }

    private interface NetworkAction {
        void run() throws IOException;
    }

    private FailoverReport run(FailoverReport.Recorder rec, Action action) {
        try {
            PostgresInstance newWriter = action.run();
            FailoverReport report = rec.finish(newWriter.id());
            LOG.info("{}", report);
            return report;
        } catch (AuroraLabException | IllegalArgumentException | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new AuroraLabException(rec.action() + " failed: " + e.getMessage(), e);
        }
    }

    private FailoverReport network(String action, NetworkAction change) {
        FailoverReport.Recorder rec = new FailoverReport.Recorder(action, writer.id());
        return run(rec, () -> {
            change.run();
            rec.phase(FailoverReport.NETWORK_CHANGED);
            return writer;
        });
    }

    static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuroraLabException("interrupted", e);
        }
    }
}
