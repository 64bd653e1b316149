package io.aurorakit;

import io.aurorakit.config.AuroraConfig;
import io.aurorakit.config.AuroraProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code monitorIdleTimeout}: stops the AWS wrapper's monitors of a cluster once no {@link AuroraDataSource} on it has
 * held a connection for that long, so the JVM keeps no connection to the cluster and an Aurora Serverless v2 instance
 * can pause. The wrapper's topology monitor keeps a connection to the writer for as long as it lives, and the wrapper
 * disposes of it only ~15 min after the last topology read (no setting); an efm2 monitor that opened a probe connection
 * keeps it until {@code monitorDisposalTime} has passed (a JVM-wide value: the first registration wins).
 *
 * <p>One participant per data source; the participants of one {@code clusterId} share a {@link Registry} entry, and
 * the monitors of that cluster are stopped only when <em>every</em> participant is quiet: no pooled connection
 * (HikariCP {@code getTotalConnections()} of its writer and reader pools), no {@code getConnection()} under way, for
 * at least its own idle timeout. While the monitors are being stopped, each participant's gate is held, so a
 * {@code getConnection()} arriving then waits for the (short) stop instead of racing it; the gate is only tried, never
 * waited for, so a release never delays a connection that is being opened.
 *
 * <p>What is stopped (wrapper 4.3.0): {@code MonitorService.stopAndRemove(ClusterTopologyMonitorImpl.class,
 * clusterId)} (also the Global Database monitor, registered under the same class and key), then the cluster's
 * cached topology ({@code StorageService.remove(Topology.class, clusterId)}), so the next connection creates a fresh
 * monitor at once rather than using a topology up to 5 min old with no monitor behind it; and every efm2 monitor of the
 * cluster's instances with this data source's detection settings that watches no connection
 * ({@code canDispose()}); and the {@code fastestResponse} strategy's response-time monitors of those instances
 * ({@code NodeResponseTimeMonitor}, keyed by the instance URL; each pings its instance over a connection of its own).
 * Other clusters' monitors are untouched. Connections opened through {@link AuroraDriver} or
 * a plain wrapper URL with the same {@code clusterId} are not seen: such an application should leave
 * {@code monitorIdleTimeout} at 0.
 */
final class MonitorIdleRelease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorIdleRelease.class);

    /** How often a data source looks at its pools. */
    static final Duration CHECK_PERIOD = Duration.ofSeconds(5);

    /** The JVM's registry: the wrapper's monitors are JVM-wide too. */
    static final Registry SHARED = new Registry(WrapperMonitors.AWS);

    /** The wrapper calls this class makes; a fake in tests. */
    interface WrapperMonitors {

        /** The real wrapper (4.3.0). */
        WrapperMonitors AWS = new AwsWrapperMonitors();

        /**
         * Stops the topology monitor of {@code clusterId} and forgets its cached topology.
         *
         * @return the URLs ({@code host:port/}) of the instances that topology listed, empty when there was none
         */
        List<String> stopTopologyMonitor(String clusterId);

        /** Stops the efm2 monitor registered under {@code key} if it watches no connection; true if one was stopped. */
        boolean stopIdleFailureDetection(String key);

        /** Stops the fastestResponse strategy's monitor of the instance at {@code url}; true if there was one. */
        boolean stopResponseTimeMonitor(String url);
    }

    private final Registry registry;
    private final String clusterId;
    private final long idleNanos;
    private final IntSupplier openConnections;
    private final LongSupplier clock;
    private final String failureDetectionKeyPrefix;
    private final List<String> endpointUrls;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final ScheduledExecutorService scheduler;
    private volatile long busyAt;
    /** Nothing of this participant's is left running: true until its first connection, again after a release. */
    private volatile boolean released = true;
    private volatile boolean closed;

    /**
     * A participant that is checked only by {@link #tick()} (tests); {@link #start} also schedules the checks.
     *
     * @param failureDetectionKeyPrefix start of the wrapper's efm2 monitor keys of this data source
     *     ({@code time:interval:count:} in ms), or null when it runs no efm2
     * @param endpointUrls {@code host:port/} of its endpoints (efm2 watches them when it cannot identify the instance)
     */
    MonitorIdleRelease(Registry registry, String clusterId, Duration idleTimeout, IntSupplier openConnections,
            LongSupplier clock, String failureDetectionKeyPrefix, List<String> endpointUrls) {
        this(registry, clusterId, idleTimeout, openConnections, clock, failureDetectionKeyPrefix, endpointUrls, false);
    }

    private MonitorIdleRelease(Registry registry, String clusterId, Duration idleTimeout, IntSupplier openConnections,
            LongSupplier clock, String failureDetectionKeyPrefix, List<String> endpointUrls, boolean schedule) {
        if (idleTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("monitorIdleTimeout=" + idleTimeout + " turns the release off");
        }
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
        this.idleNanos = idleTimeout.toNanos();
        this.openConnections = Objects.requireNonNull(openConnections, "openConnections");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failureDetectionKeyPrefix = failureDetectionKeyPrefix;
        this.endpointUrls = List.copyOf(endpointUrls);
        this.busyAt = clock.getAsLong();
        registry.add(this);
        if (schedule) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "aurora-kit-monitor-release(" + clusterId + ")");
                t.setDaemon(true);
                return t;
            });
            long period = CHECK_PERIOD.toMillis();
            scheduler.scheduleWithFixedDelay(this::tickQuietly, period, period, TimeUnit.MILLISECONDS);
        } else {
            scheduler = null;
        }
    }

    /**
     * The release of a data source, with a daemon thread checking every {@link #CHECK_PERIOD}; null when
     * {@code monitorIdleTimeout} is 0 or no pool of it runs the wrapper's monitors (failover off).
     */
    static MonitorIdleRelease start(AuroraConfig config, IntSupplier openConnections) {
        Duration idle = config.monitorIdleTimeout();
        boolean readerFailover = config.readerWrapperProperties()
                .map(p -> p.getProperty("wrapperPlugins", "").contains("failover2")).orElse(false);
        if (idle.isZero() || !(config.failoverEnabled() || readerFailover)) {
            return null;
        }
        List<String> endpoints = new ArrayList<>();
        endpoints.add(url(config.host(), config.port()));
        config.readerHost().ifPresent(h -> endpoints.add(url(h, config.readerPort())));
        return new MonitorIdleRelease(SHARED, config.clusterId(), idle, openConnections, System::nanoTime,
                failureDetectionKeyPrefix(config), endpoints, true);
    }

    /**
     * The start of the keys under which the wrapper 4.3.0 registers efm2 monitors for these settings:
     * {@code HostMonitorServiceV2Impl.getMonitor} uses {@code "%d:%d:%d:%s"} of failureDetectionTime,
     * failureDetectionInterval (ms), failureDetectionCount and the host's URL ({@code host:port/}).
     */
    static String failureDetectionKeyPrefix(AuroraConfig config) {
        return config.duration(AuroraProperty.FAILURE_DETECTION_TIME).toMillis() + ":"
                + config.duration(AuroraProperty.FAILURE_DETECTION_INTERVAL).toMillis() + ":"
                + config.integer(AuroraProperty.FAILURE_DETECTION_COUNT) + ":";
    }

    /** The wrapper's {@code HostSpec.getUrl()} of a host with a port. */
    static String url(String host, int port) {
        return host + ":" + port + "/";
    }

    String clusterId() {
        return clusterId;
    }

    /**
     * Called before {@code getConnection()}: marks the data source busy and waits while this cluster's monitors are
     * being stopped. Must be paired with {@link #afterConnect()}.
     */
    void beforeConnect() {
        gate.readLock().lock();
        markBusy();
    }

    /** Called when {@code getConnection()} returned or failed. */
    void afterConnect() {
        markBusy();
        gate.readLock().unlock();
    }

    private void markBusy() {
        busyAt = clock.getAsLong();
        released = false;
    }

    /** One check: a busy data source notes the time; a quiet one asks the registry whether the cluster is quiet. */
    void tick() {
        if (closed) {
            return;
        }
        if (!quiet()) {
            return;
        }
        registry.releaseIfQuiet(clusterId);
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Checking whether the AWS wrapper's monitors of cluster {} can be stopped failed: {}", clusterId,
                    e.toString());
        }
    }

    /** No connection and no {@code getConnection()} under way for at least the idle timeout (notes busy as seen). */
    private boolean quiet() {
        long now = clock.getAsLong();
        if (gate.getReadLockCount() > 0 || openConnections.getAsInt() > 0) {
            busyAt = now;
            released = false;
            return false;
        }
        return now - busyAt >= idleNanos;
    }

    /** Stops the checks and leaves the registry; the monitors are left as they are. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        registry.remove(this);
    }

    boolean isScheduled() {
        return scheduler != null && !scheduler.isShutdown();
    }

    /** The participants of each cluster, and the one place that decides and performs a release. */
    static final class Registry {
        private final WrapperMonitors wrapper;
        private final Map<String, List<MonitorIdleRelease>> byCluster = new HashMap<>();

        Registry(WrapperMonitors wrapper) {
            this.wrapper = Objects.requireNonNull(wrapper, "wrapper");
        }

        synchronized void add(MonitorIdleRelease participant) {
            byCluster.computeIfAbsent(participant.clusterId, k -> new ArrayList<>()).add(participant);
        }

        synchronized void remove(MonitorIdleRelease participant) {
            List<MonitorIdleRelease> list = byCluster.get(participant.clusterId);
            if (list != null) {
                list.remove(participant);
                if (list.isEmpty()) {
                    byCluster.remove(participant.clusterId);
                }
            }
        }

        synchronized int participants(String clusterId) {
            return byCluster.getOrDefault(clusterId, List.of()).size();
        }

        /**
         * Stops the monitors of {@code clusterId} when every participant is quiet and at least one has used the
         * cluster since the last release; returns whether it did.
         */
        synchronized boolean releaseIfQuiet(String clusterId) {
            List<MonitorIdleRelease> list = byCluster.getOrDefault(clusterId, List.of());
            if (list.isEmpty() || list.stream().allMatch(p -> p.released)) {
                return false;
            }
            for (MonitorIdleRelease p : list) {
                if (p.closed || !p.quiet()) {
                    return false;
                }
            }
            List<ReentrantReadWriteLock.WriteLock> held = new ArrayList<>();
            try {
                for (MonitorIdleRelease p : list) {
                    ReentrantReadWriteLock.WriteLock lock = p.gate.writeLock();
                    if (!lock.tryLock()) {
                        return false; // a getConnection() just started
                    }
                    held.add(lock);
                }
                for (MonitorIdleRelease p : list) {
                    if (p.openConnections.getAsInt() > 0) {
                        return false; // HikariCP opened one on its own (minimumIdle > 0)
                    }
                }
                release(clusterId, list);
                list.forEach(p -> p.released = true);
                return true;
            } finally {
                held.forEach(ReentrantReadWriteLock.WriteLock::unlock);
            }
        }

        private void release(String clusterId, List<MonitorIdleRelease> list) {
            Set<String> urls = new LinkedHashSet<>(wrapper.stopTopologyMonitor(clusterId));
            list.forEach(p -> urls.addAll(p.endpointUrls));
            Set<String> keys = new LinkedHashSet<>();
            for (MonitorIdleRelease p : list) {
                if (p.failureDetectionKeyPrefix != null) {
                    urls.forEach(u -> keys.add(p.failureDetectionKeyPrefix + u));
                }
            }
            int stopped = 0;
            for (String key : keys) {
                if (wrapper.stopIdleFailureDetection(key)) {
                    stopped++;
                }
            }
            int pings = 0;
            for (String url : urls) {
                if (wrapper.stopResponseTimeMonitor(url)) {
                    pings++;
                }
            }
            LOG.debug("No connection to cluster {} for {}: stopped the AWS wrapper's topology monitor, {}"
                    + " failure-detection and {} response-time monitor(s); they start again with the next connection",
                    clusterId, Duration.ofNanos(list.stream().mapToLong(p -> p.idleNanos).max().orElse(0)), stopped,
                    pings);
        }
    }
}
