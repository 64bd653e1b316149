package io.aurorakit.retry;

import java.sql.SQLException;

/**
 * Thrown by {@code AuroraDataSource.write} when a failover cut the transaction (SQLState 08007) and the work was not
 * declared idempotent: the commit may or may not have happened, so it was not run again. Check the data (or use
 * {@code writeIdempotent}) before retrying. SQLState {@value #SQL_STATE}; the wrapper's exception is the cause.
 *
 * <pre>{@code
 * try { ds.write(c -> insertOrder(c, order)); }
 * catch (OutcomeUnknownException e) { reconcile(order); }
 * }</pre>
 */
public final class OutcomeUnknownException extends SQLException {

    private static final long serialVersionUID = 1L;

    /** The SQLState of this exception: connection failure during transaction. */
    public static final String SQL_STATE = "08007";

    /** Wraps the wrapper's 08007 exception. */
    public OutcomeUnknownException(SQLException cause) {
        super("Transaction outcome unknown: the connection failed over during the transaction (SQLState 08007), so the"
                + " commit may or may not have happened; the work was not run again because it is not declared"
                + " idempotent. Cause: " + cause.getMessage(), SQL_STATE, cause);
    }
}
