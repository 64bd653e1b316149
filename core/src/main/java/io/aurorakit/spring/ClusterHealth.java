package io.aurorakit.spring;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.ClusterTopology;
import io.aurorakit.retry.FailoverStats;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The health of an {@link AuroraDataSource} for both Spring Boot lines' health indicators: UP with the topology when
 * {@link AuroraDataSource#topology()} answers, DOWN (no writer reachable) when it throws. Details: {@code writer},
 * {@code readers} ({@code id}, {@code lagMs}), {@code failoverInProgress}, {@code lastFailoverEvent} (ISO-8601, left
 * out when there was none), {@code topologySource} ({@code aurora_replica_status}, or {@code configuration} on plain
 * PostgreSQL); when DOWN {@code error} and {@code sqlState} instead of the topology. Spring-free, so both indicators
 * share it.
 */
final class ClusterHealth {

    static final String AURORA_SOURCE = "aurora_replica_status";
    static final String CONFIGURATION_SOURCE = "configuration";

    private final boolean up;
    private final Map<String, Object> details;

    private ClusterHealth(boolean up, Map<String, Object> details) {
        this.up = up;
        this.details = Map.copyOf(details);
    }

    /** Reads the topology now (one query on a writer connection). */
    static ClusterHealth check(AuroraDataSource dataSource) {
        try {
            return of(dataSource.topology());
        } catch (SQLException | RuntimeException failure) {
            return down(failure, dataSource.stats());
        }
    }

    /** UP, with the topology as details. */
    static ClusterHealth of(ClusterTopology topology) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("writer", topology.writerId());
        List<Map<String, Object>> readers = topology.readers().stream()
                .map(r -> Map.<String, Object>of("id", r.id(), "lagMs", r.lagMs())).toList();
        details.put("readers", readers);
        failover(details, topology.failoverInProgress(), topology.lastFailoverEvent());
        details.put("topologySource", topology.topologyAvailable() ? AURORA_SOURCE : CONFIGURATION_SOURCE);
        return new ClusterHealth(true, details);
    }

    /** DOWN: the topology could not be read, so no writer is reachable. */
    static ClusterHealth down(Exception failure, FailoverStats stats) {
        Map<String, Object> details = new LinkedHashMap<>();
        failover(details, stats.retryingNow() > 0, stats.lastEvent());
        details.put("error", failure.getClass().getName() + ": " + failure.getMessage());
        if (failure instanceof SQLException && ((SQLException) failure).getSQLState() != null) {
            details.put("sqlState", ((SQLException) failure).getSQLState());
        }
        return new ClusterHealth(false, details);
    }

    private static void failover(Map<String, Object> details, boolean inProgress, Optional<Instant> lastEvent) {
        details.put("failoverInProgress", inProgress);
        lastEvent.ifPresent(t -> details.put("lastFailoverEvent", t.toString()));
    }

    /** Whether a writer answered. */
    boolean up() {
        return up;
    }

    /** The details (immutable). */
    Map<String, Object> details() {
        return details;
    }

    @Override
    public String toString() {
        return (up ? "UP " : "DOWN ") + details;
    }
}
