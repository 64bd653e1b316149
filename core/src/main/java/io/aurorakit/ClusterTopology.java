package io.aurorakit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cluster as the application sees it, from {@link AuroraDataSource#topology()}: the writer instance, the readers
 * with their replica lag, whether a failover is still being ridden out by running units of work, and when a failover
 * was last seen. Immutable; read from Aurora's {@code aurora_replica_status()} on a writer connection, or - on a plain
 * PostgreSQL server, which has no such function - the configured host as writer and no readers
 * ({@link #topologyAvailable()} false).
 *
 * <pre>{@code
 * ClusterTopology t = ds.topology();
 * System.out.println("writer " + t.writerId() + ", readers " + t.readers());
 * t.readers().stream().filter(r -> r.lagMs() > 1000).forEach(r -> log.warn("{} lags", r.id()));
 * }</pre>
 *
 * @param writerId           the writer's instance id ({@code SERVER_ID}), or the configured host without topology
 * @param readers            the readers Aurora lists (updated within the last 5 minutes, as the AWS wrapper filters
 *                           them), in the order listed
 * @param failoverInProgress whether units of work of this data source are being run again after a failover-related
 *                           failure right now ({@code stats().retryingNow() > 0})
 * @param lastFailoverEvent  when this data source last saw a failover-related failure, if ever
 * @param topologyAvailable  whether the topology came from Aurora's functions (false on plain PostgreSQL)
 * @param readAt             when the topology was read
 */
public record ClusterTopology(String writerId, List<Reader> readers, boolean failoverInProgress,
        Optional<Instant> lastFailoverEvent, boolean topologyAvailable, Instant readAt) {

    /**
     * One reader instance.
     *
     * @param id         its instance id ({@code SERVER_ID})
     * @param lagMs      its replica lag in milliseconds ({@code REPLICA_LAG_IN_MSEC}, 0 when Aurora gives none)
     * @param lastUpdate when Aurora last updated its row ({@code LAST_UPDATE_TIMESTAMP}), if given
     */
    public record Reader(String id, double lagMs, Optional<Instant> lastUpdate) {

        /** Checks the arguments. */
        public Reader {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(lastUpdate, "lastUpdate");
        }
    }

    /** Checks the arguments and copies the readers. */
    public ClusterTopology {
        Objects.requireNonNull(writerId, "writerId");
        readers = List.copyOf(readers);
        Objects.requireNonNull(lastFailoverEvent, "lastFailoverEvent");
        Objects.requireNonNull(readAt, "readAt");
    }

    /** The reader ids, in the order listed. */
    public List<String> readerIds() {
        return readers.stream().map(Reader::id).toList();
    }
}
