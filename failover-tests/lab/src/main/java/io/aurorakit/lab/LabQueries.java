package io.aurorakit.lab;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQL a test asks a lab (or Aurora) most often - which instance am I on, is it a reader, how many backends does
 * an application hold - shared by the lab's tests, the drill's and the scenario suite.
 *
 * <pre>{@code
 * try (Connection c = dataSource.getConnection()) {
 *     assertThat(LabQueries.instanceId(c)).isEqualTo(lab.writerId());
 * }
 * long open = LabQueries.backends(lab, lab.writerId(), "my-app");
 * }</pre>
 */
public final class LabQueries {

    private LabQueries() {
    }

    /** The first column of the first row of {@code sql}, as text. */
    public static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from " + sql);
            }
            return rs.getString(1);
        }
    }

    /** The instance the connection is on ({@code aurora_db_instance_identifier()}, as on Aurora). */
    public static String instanceId(Connection c) throws SQLException {
        return queryString(c, "SELECT pg_catalog.aurora_db_instance_identifier()");
    }

    /** Whether the connection is on a reader ({@code pg_is_in_recovery()}). */
    public static boolean inRecovery(Connection c) throws SQLException {
        return Boolean.parseBoolean(queryString(c, "SELECT pg_catalog.pg_is_in_recovery()::text"));
    }

    /** Whether the connection is encrypted ({@code pg_stat_ssl} of its own backend). */
    public static boolean ssl(Connection c) throws SQLException {
        return Boolean.parseBoolean(queryString(c,
                "SELECT ssl::text FROM pg_catalog.pg_stat_ssl WHERE pid = pg_catalog.pg_backend_pid()"));
    }

    /** A single number from {@code sql} run directly on the instance (bypassing every injected network fault). */
    public static long count(AuroraLab lab, String instanceId, String sql) throws SQLException {
        return Long.parseLong(queryStringOn(lab, instanceId, sql));
    }

    /** The first column of the first row of {@code sql}, run on the instance over a direct connection. */
    public static String queryStringOn(AuroraLab lab, String instanceId, String sql) throws SQLException {
        try (Connection c = lab.connectDirect(instanceId)) {
            return queryString(c, sql);
        }
    }

    /** Client backends on the instance whose {@code application_name} is {@code applicationName}. */
    public static long backends(AuroraLab lab, String instanceId, String applicationName) throws SQLException {
        return count(lab, instanceId, "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE application_name = '"
                + applicationName.replace("'", "''") + "'");
    }
}
