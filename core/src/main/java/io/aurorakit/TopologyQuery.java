package io.aurorakit;

import io.aurorakit.retry.FailoverStats;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@link ClusterTopology} with one query on a writer connection: the AWS wrapper 4.3.0's Aurora PostgreSQL
 * topology query ({@code AuroraPgDialect.TOPOLOGY_QUERY}: writer = {@code SESSION_ID = 'MASTER_SESSION_ID'}, lag
 * {@code COALESCE(REPLICA_LAG_IN_MSEC, 0)}, rows updated within 5 minutes), joined to the connected instance's id so
 * that one row comes back even when Aurora lists none. A server without Aurora's functions (42883, undefined function)
 * is plain PostgreSQL.
 */
final class TopologyQuery {

    /** SQLState of "function ... does not exist". */
    static final String UNDEFINED_FUNCTION = "42883";

    static final String SQL = "SELECT me.id, t.server_id, t.is_writer, t.lag_ms, t.last_update"
            + " FROM (SELECT pg_catalog.aurora_db_instance_identifier() AS id) me LEFT JOIN ("
            + "SELECT server_id, session_id OPERATOR(pg_catalog.=) 'MASTER_SESSION_ID' AS is_writer,"
            + " COALESCE(replica_lag_in_msec, 0) AS lag_ms, last_update_timestamp AS last_update"
            + " FROM pg_catalog.aurora_replica_status()"
            + " WHERE EXTRACT(EPOCH FROM (pg_catalog.now() OPERATOR(pg_catalog.-) last_update_timestamp))"
            + " OPERATOR(pg_catalog.<=) 300"
            + " OR session_id OPERATOR(pg_catalog.=) 'MASTER_SESSION_ID' OR last_update_timestamp IS NULL"
            + ") t ON true";

    private TopologyQuery() {
    }

    /**
     * The topology seen on {@code writer}; {@code configuredHost} is the writer's name when the server is not Aurora.
     * When Aurora lists several writers (during a failover) the most recently updated one is taken, as the wrapper
     * does (the others are left out, not listed as readers); when it lists none, the connected instance.
     */
    static ClusterTopology read(Connection writer, String configuredHost, FailoverStats stats) throws SQLException {
        String connectedId = null;
        Row writerRow = null;
        List<Row> rows = new ArrayList<>();
        boolean available;
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery(SQL)) {
            while (rs.next()) {
                connectedId = rs.getString(1);
                String serverId = rs.getString(2);
                if (serverId == null) {
                    continue;
                }
                Timestamp at = rs.getTimestamp(5);
                Row row = new Row(serverId, rs.getBoolean(3), rs.getDouble(4),
                        at == null ? Optional.empty() : Optional.of(at.toInstant()));
                rows.add(row);
                if (row.writer && (writerRow == null || newer(row, writerRow))) {
                    writerRow = row;
                }
            }
            available = true;
        } catch (SQLException e) {
            if (!UNDEFINED_FUNCTION.equals(e.getSQLState())) {
                throw e;
            }
            available = false;
        }
        List<ClusterTopology.Reader> readers = new ArrayList<>();
        String writerId;
        if (available) {
            writerId = writerRow != null ? writerRow.serverId : connectedId;
            for (Row r : rows) {
                if (!r.writer && !r.serverId.equals(writerId)) {
                    readers.add(new ClusterTopology.Reader(r.serverId, r.lagMs, r.lastUpdate));
                }
            }
        } else {
            writerId = configuredHost;
        }
        return new ClusterTopology(writerId == null ? configuredHost : writerId, readers, stats.retryingNow() > 0,
                stats.lastEvent(), available, Instant.now());
    }

    private static boolean newer(Row candidate, Row current) {
        return candidate.lastUpdate.isPresent()
                && (current.lastUpdate.isEmpty() || candidate.lastUpdate.get().isAfter(current.lastUpdate.get()));
    }

    private record Row(String serverId, boolean writer, double lagMs, Optional<Instant> lastUpdate) {
    }
}
