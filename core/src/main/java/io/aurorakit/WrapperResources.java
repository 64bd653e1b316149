package io.aurorakit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.jdbc.hostlistprovider.Topology;
import software.amazon.jdbc.util.CoreServicesContainer;

/**
 * The AWS wrapper's JVM-wide monitors (cluster topology, enhanced failure monitoring) as aurora-kit uses them. Counts
 * the open {@link AuroraDataSource}s: when the last one closes, every wrapper monitor is stopped - their threads and
 * connections end - and the cached cluster topologies are forgotten, so the wrapper starts the monitors again on demand
 * (a data source or driver connection used later starts the ones it needs, the topology monitor included, as in a
 * fresh JVM). {@link #releaseForGood()} is the wrapper's own {@code Driver.releaseResources()}, which
 * also shuts down the monitor service's cleanup for the rest of the JVM's life (it is never re-created), so it is only
 * called on explicit request.
 */
final class WrapperResources {

    private static final Logger LOG = LoggerFactory.getLogger(WrapperResources.class);
    private static final Object LOCK = new Object();
    private static int open;

    private WrapperResources() {
    }

    static void acquire() {
        synchronized (LOCK) {
            open++;
        }
    }

    /** Releases one reference; the last one stops the wrapper's monitors (reversibly). */
    static void release() {
        synchronized (LOCK) {
            open = Math.max(0, open - 1);
            if (open > 0) {
                return;
            }
            try {
                CoreServicesContainer services = CoreServicesContainer.getInstance();
                services.getMonitorService().stopAndRemoveAll();
                // The wrapper starts a topology monitor only where it has no cached topology: without this, a data
                // source opened later on the same cluster would read the frozen topology and run no monitor.
                services.getStorageService().clear(Topology.class);
            } catch (RuntimeException e) {
                LOG.warn("Stopping the AWS wrapper's monitors failed: {}", e.toString());
            }
        }
    }

    /** Stops the wrapper's background threads for the rest of the JVM's life. */
    static void releaseForGood() {
        synchronized (LOCK) {
            try {
                software.amazon.jdbc.Driver.releaseResources();
            } catch (NoClassDefFoundError e) {
                // 4.3.0 clearCaches() touches the custom-endpoint cache, which needs the AWS SDK rds jar; monitors,
                // pools and threads were already released before that point.
                LOG.debug("AWS wrapper released its resources; its cache cleanup skipped a part that needs {}",
                        e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("AWS wrapper releaseResources() failed: {}", e.toString());
            }
        }
    }
}
