package io.aurorakit;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of database work run inside one transaction by {@link AuroraDataSource#write}, {@link AuroraDataSource#read}
 * or {@link AuroraDataSource#writeIdempotent}, or in autocommit mode by {@link AuroraDataSource#readAutoCommit}. It may be run more than once after a failover, so it must not keep
 * side effects outside the database between runs. The connection refuses {@code commit}, {@code rollback},
 * {@code setAutoCommit} and {@code close} (aurora-kit owns the transaction; savepoints are fine), and every further
 * call once it raised a connection failure: let that {@link SQLException} propagate (wrapping it, as Spring or jOOQ
 * do, is fine). Do not call {@code write}/{@code read} of the same data source from inside the work.
 *
 * <pre>{@code
 * long id = ds.write(c -> {
 *     try (PreparedStatement ps = c.prepareStatement("INSERT INTO t(v) VALUES (?) RETURNING id")) {
 *         ps.setString(1, "x");
 *         try (ResultSet rs = ps.executeQuery()) { rs.next(); return rs.getLong(1); }
 *     }
 * });
 * }</pre>
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SqlWork<T> {

    /** Runs the work on {@code c}: in a transaction (autocommit off), or in autocommit mode for a read that asked. */
    T run(Connection c) throws SQLException;
}
