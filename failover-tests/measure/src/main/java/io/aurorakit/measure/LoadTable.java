package io.aurorakit.measure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The table a {@link Workload} writes to, and its SQL: rows with a client-generated key and no unique constraint on it
 * (so a write run again after it had committed shows up as a duplicate), and the instance that committed each row.
 *
 * <pre>{@code
 * try (Statement s = c.createStatement()) { s.execute(LoadTable.createSql("orders")); }
 * String writer = LoadTable.insert(c, "orders", "k-1");
 * }</pre>
 */
public final class LoadTable {

    private LoadTable() {
    }

    /** {@code CREATE TABLE IF NOT EXISTS} of the load table named {@code table}. */
    public static String createSql(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table
                + " (id bigserial PRIMARY KEY, k text NOT NULL, writer text, at timestamptz DEFAULT now())";
    }

    /** Creates the table on {@code c}. */
    public static void create(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(createSql(table));
        }
    }

    /** Drops the table on {@code c}. */
    public static void drop(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    /** Inserts a row with {@code key}; returns the instance that took the write. */
    public static String insert(Connection c, String table, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                + " (k, writer) VALUES (?, pg_catalog.aurora_db_instance_identifier()) RETURNING writer")) {
            s.setString(1, key);
            try (ResultSet row = s.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /** A small read that touches the table; returns the instance that served it. */
    public static String read(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_catalog.aurora_db_instance_identifier(),"
                + " (SELECT max(id) FROM " + table + ")"); ResultSet row = s.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }
}
