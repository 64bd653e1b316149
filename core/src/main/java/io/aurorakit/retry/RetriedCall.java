package io.aurorakit.retry;

import java.sql.SQLException;

/**
 * One attempt of a unit of work that manages its own transaction, run by {@code AuroraDataSource.callWithRetries}
 * (e.g. by aurora-kit's Spring {@code AuroraTransactionTemplate}). A failure during COMMIT must be reported with
 * SQLState 08007 (the outcome is unknown); any other failure as it happened.
 *
 * <pre>{@code
 * long id = ds.callWithRetries(() -> insertInOwnTransaction(), false);
 * }</pre>
 */
@FunctionalInterface
public interface RetriedCall<T> {

    /** Runs the work once. */
    T call() throws SQLException;
}
