package io.aurorakit.failover;

import io.aurorakit.SqlWork;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.measure.LoadTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQL the scenarios share: which instance a connection is on, and plain pgjdbc connections straight to an instance's
 * server ({@link AuroraLab#directJdbcUrl}, bypassing its proxy and the wrapper) to check the ground truth: rows on the
 * writer, backends in {@code pg_stat_activity}.
 *
 * <pre>{@code
 * String writer = ds.write(LabSql.INSTANCE_ID);
 * long rows = LabSql.count(lab, lab.writerId(), "SELECT count(*) FROM t WHERE k = 'a'");
 * }</pre>
 */
final class LabSql {

    /** Work that returns the instance id of the connection it runs on. */
    static final SqlWork<String> INSTANCE_ID = LabSql::instanceId;

    private LabSql() {
    }

    static String instanceId(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_catalog.aurora_db_instance_identifier()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A work unit that inserts {@code key} into the {@link LoadTable} {@code table}; returns the instance it hit. */
    static SqlWork<String> insert(String table, String key) {
        return c -> LoadTable.insert(c, table, key);
    }

    /** A work unit that creates the {@link LoadTable} {@code table} (duplicates of a key stay visible). */
    static SqlWork<Void> createTable(String table) {
        return c -> {
            LoadTable.create(c, table);
            return null;
        };
    }

    /** A single {@code long} from {@code sql} run directly on the instance. */
    static long count(AuroraLab lab, String instanceId, String sql) throws SQLException {
        try (Connection c = lab.connectDirect(instanceId); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Client backends on the instance whose application_name is {@code applicationName}. */
    static long backends(AuroraLab lab, String instanceId, String applicationName) throws SQLException {
        return count(lab, instanceId, "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE application_name = '"
                + applicationName.replace("'", "''") + "'");
    }
}
