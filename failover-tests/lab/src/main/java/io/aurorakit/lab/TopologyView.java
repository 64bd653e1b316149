package io.aurorakit.lab;

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
 * One node's {@code aurora_replica_status()}, unfiltered, with the columns the AWS wrapper reads (server id, writer =
 * {@code MASTER_SESSION_ID}, CPU, lag, {@code LAST_UPDATE_TIMESTAMP}), and that node's {@code pg_is_in_recovery()}: for
 * tests of the lab's topology and of clients riding out its transients.
 *
 * <pre>{@code
 * try (Connection c = lab.connectDirect("instance-2")) {
 *     TopologyView view = TopologyView.read(c);
 *     assertThat(view.writerIds()).containsExactly(lab.writerId());
 * }
 * }</pre>
 *
 * @param instanceId the node the view was read on ({@code aurora_db_instance_identifier()})
 * @param inRecovery its {@code pg_is_in_recovery()}
 * @param rows       its {@code aurora_replica_status()} rows
 */
public record TopologyView(String instanceId, boolean inRecovery, List<Row> rows) {

    /**
     * One row.
     *
     * @param serverId   {@code SERVER_ID}
     * @param writer     whether {@code SESSION_ID} is {@code MASTER_SESSION_ID}
     * @param cpu        {@code CPU}
     * @param lagMs      {@code REPLICA_LAG_IN_MSEC} (null in a writer's row)
     * @param lastUpdate {@code LAST_UPDATE_TIMESTAMP} (null in the row of the node read)
     */
    public record Row(String serverId, boolean writer, double cpu, Double lagMs, Instant lastUpdate) {
    }

    public TopologyView {
        rows = List.copyOf(rows);
    }

    /** Reads the view on the connection's node. */
    public static TopologyView read(Connection c) throws SQLException {
        String id = null;
        boolean recovery = false;
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT "
                + "pg_catalog.aurora_db_instance_identifier(), pg_catalog.pg_is_in_recovery(), server_id, "
                + "session_id = 'MASTER_SESSION_ID', cpu, replica_lag_in_msec, last_update_timestamp "
                + "FROM pg_catalog.aurora_replica_status()")) {
            while (rs.next()) {
                id = rs.getString(1);
                recovery = rs.getBoolean(2);
                double lag = rs.getDouble(6);
                Double lagMs = rs.wasNull() ? null : lag;
                Timestamp at = rs.getTimestamp(7);
                rows.add(new Row(rs.getString(3), rs.getBoolean(4), rs.getDouble(5), lagMs,
                        at == null ? null : at.toInstant()));
            }
        }
        if (id == null) {
            id = LabQueries.instanceId(c);
            recovery = LabQueries.inRecovery(c);
        }
        return new TopologyView(id, recovery, rows);
    }

    /** The view on one instance, read straight on its server (bypassing its proxy). */
    public static TopologyView read(AuroraLab lab, String instanceId) throws SQLException {
        try (Connection c = lab.connectDirect(instanceId)) {
            return read(c);
        }
    }

    /** The ids listed as writer ({@code MASTER_SESSION_ID}), in row order. */
    public List<String> writerIds() {
        return rows.stream().filter(Row::writer).map(Row::serverId).toList();
    }

    /** The ids listed, in row order. */
    public List<String> serverIds() {
        return rows.stream().map(Row::serverId).toList();
    }

    /** The row of {@code serverId}, if listed. */
    public Optional<Row> row(String serverId) {
        return rows.stream().filter(r -> r.serverId().equals(serverId)).findFirst();
    }

    /**
     * The AWS wrapper's "am I the writer?" ({@code WRITER_ID_QUERY}): whether the node's own row is
     * {@code MASTER_SESSION_ID}.
     */
    public boolean claimsWriter() {
        return row(instanceId).map(Row::writer).orElse(false);
    }

    /** Whether the node is not in recovery but its own row does not say writer (or the reverse). */
    public boolean roleDisagrees() {
        return claimsWriter() == inRecovery;
    }
}
