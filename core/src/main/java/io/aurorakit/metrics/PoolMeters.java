package io.aurorakit.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;

/**
 * HikariCP's own meters ({@code hikaricp.connections.*}, tag {@code pool}) for aurora-kit's pools, the way Spring
 * Boot binds them: only to a pool that has neither a metrics registry nor a tracker factory yet. A pool that has not
 * started gets the tracker in its configuration; a running one gets it at once; binding waits for a pool that is
 * starting right now.
 */
final class PoolMeters {

    private PoolMeters() {
    }

    static void bind(Collection<HikariDataSource> pools, MeterRegistry registry) {
        for (HikariDataSource pool : pools) {
            // HikariDataSource starts its pool under its own monitor: holding it, the tracker cannot fall between the
            // configuration read by a starting pool and the pool field not yet set.
            synchronized (pool) {
                if (!pool.isClosed() && pool.getMetricRegistry() == null && pool.getMetricsTrackerFactory() == null) {
                    pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
                }
            }
        }
    }
}
