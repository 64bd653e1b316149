package io.aurorakit.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's "DNS": its lines in the shared {@link HostsFile}, modelled on Aurora's Route 53 records.
 * <ul>
 *   <li>Instance endpoints always resolve to their own proxy.</li>
 *   <li>The cluster endpoint is an alias of one instance's proxy address, moved by the control plane only when it
 *       says so ({@link #pointClusterAt}) - after the DNS delay of a failover, so it can be stale.</li>
 *   <li>Company names of the cluster ({@link #addClusterAlias}) are CNAMEs of the cluster endpoint: they follow it.</li>
 *   <li>The reader endpoint is a round-robin record: every {@link #ROTATION} it answers with a random healthy reader
 *       (seeded), so successive lookups spread over the readers; a reader that stops or crashes keeps being answered
 *       for the timing's reader health-check delay; with no healthy reader it answers with the writer. A paused
 *       (Serverless v2) reader stays healthy.</li>
 * </ul>
 * The JDK's hosts-file resolver returns the first line of a name, so the lab re-draws the reader line instead of
 * listing every reader; a JVM that caches lookups (the JDK default is 30 s) keeps its answer for that long.
 */
final class LabDns implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LabDns.class);
    /** How often the reader endpoint's answer is re-drawn: a lookup sees a fresh random reader at least this often. */
    static final Duration ROTATION = Duration.ofMillis(100);

    private final HostsFile hostsFile;
    private final LabNetwork network;
    private final List<PostgresInstance> instances;
    private final Duration healthCheckDelay;
    private final Random random;
    private final LongSupplier nanoClock;
    /** Instance -> when the lab first saw it not running (absent while it runs). */
    private final Map<PostgresInstance, Long> downSince = new HashMap<>();
    /** Company names (CNAMEs) of the cluster endpoint: they resolve wherever it does. */
    private final java.util.Set<String> clusterAliases = new java.util.LinkedHashSet<>();
    private final ScheduledExecutorService rotation;
    private PostgresInstance writer;
    private PostgresInstance clusterTarget;
    private PostgresInstance readerTarget;

    LabDns(HostsFile hostsFile, LabNetwork network, List<PostgresInstance> instances, Duration healthCheckDelay,
           long seed) {
        this(hostsFile, network, instances, healthCheckDelay, seed, System::nanoTime);
    }

    LabDns(HostsFile hostsFile, LabNetwork network, List<PostgresInstance> instances, Duration healthCheckDelay,
           long seed, LongSupplier nanoClock) {
        this.hostsFile = hostsFile;
        this.network = network;
        this.instances = List.copyOf(instances);
        this.healthCheckDelay = healthCheckDelay;
        this.random = new Random(seed);
        this.nanoClock = nanoClock;
        this.rotation = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aurora-lab-dns-" + network.labId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Points both names for the first time and starts the reader endpoint's rotation. */
    synchronized void start(PostgresInstance firstWriter) {
        writer = firstWriter;
        clusterTarget = firstWriter;
        redrawReader();
        write();
        long every = ROTATION.toMillis();
        rotation.scheduleWithFixedDelay(this::rotate, every, every, TimeUnit.MILLISECONDS);
    }

    /** The control plane's writer changed: the reader endpoint stops answering with it (the cluster name does not move). */
    synchronized void writerChanged(PostgresInstance newWriter) {
        writer = newWriter;
        if (readerTarget == newWriter || !healthy(readerTarget)) {
            redrawReader();
            write();
        }
    }

    /**
     * Moves the cluster endpoint (Aurora's writer CNAME) to {@code instance} after {@code delay}.
     *
     * @return completes with the instant the name moved
     */
    CompletableFuture<Instant> pointClusterAt(PostgresInstance instance, Duration delay) {
        CompletableFuture<Instant> moved = new CompletableFuture<>();
        Runnable move = () -> {
            try {
                synchronized (this) {
                    clusterTarget = instance;
                    write();
                }
                moved.complete(Instant.now());
            } catch (RuntimeException e) {
                moved.completeExceptionally(e);
            }
        };
        if (delay.isZero()) {
            move.run();
        } else {
            rotation.schedule(move, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        return moved;
    }

    /** Adds a CNAME of the cluster endpoint. */
    synchronized void addClusterAlias(String alias) {
        clusterAliases.add(alias);
        write();
    }

    private void rotate() {
        try {
            synchronized (this) {
                PostgresInstance before = readerTarget;
                redrawReader();
                if (readerTarget != before) {
                    write();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("reader endpoint rotation failed: {}", e.toString());
        }
    }

    private void redrawReader() {
        List<PostgresInstance> healthy = new ArrayList<>();
        for (PostgresInstance instance : instances) {
            if (instance != writer && healthy(instance)) {
                healthy.add(instance);
            }
        }
        readerTarget = healthy.isEmpty() ? writer : healthy.get(random.nextInt(healthy.size()));
    }

    /**
     * Running or paused (a Serverless v2 pause is no failure: a connection resumes the reader, as through Aurora's
     * reader endpoint), or stopped for less than the health-check delay (Aurora has not noticed yet).
     */
    private boolean healthy(PostgresInstance instance) {
        long now = nanoClock.getAsLong();
        if (instance.running() || instance.paused()) {
            downSince.remove(instance);
            return true;
        }
        long since = downSince.computeIfAbsent(instance, i -> now);
        return now - since < healthCheckDelay.toNanos();
    }

    private void write() {
        Map<String, String> names = new LinkedHashMap<>();
        for (PostgresInstance instance : instances) {
            names.put(network.instanceEndpoint(instance.id()), network.proxyAddress(instance.number()));
        }
        names.put(network.clusterEndpoint(), network.proxyAddress(clusterTarget.number()));
        for (String alias : clusterAliases) {
            names.put(alias, network.proxyAddress(clusterTarget.number()));
        }
        names.put(network.readerEndpoint(), network.proxyAddress(readerTarget.number()));
        hostsFile.put(network.labId(), names);
    }

    synchronized String clusterTarget() {
        return clusterTarget == null ? null : clusterTarget.id();
    }

    synchronized String readerTarget() {
        return readerTarget == null ? null : readerTarget.id();
    }

    /** Stops the rotation and removes the lab's lines. */
    @Override
    public void close() {
        rotation.shutdownNow();
        try {
            rotation.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hostsFile.remove(network.labId());
    }
}
