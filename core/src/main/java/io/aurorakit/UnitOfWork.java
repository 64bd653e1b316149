package io.aurorakit;

import io.aurorakit.internal.FailoverRetry;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of {@code write()}/{@code read()}/{@code readAutoCommit()}: the work on a pooled connection - in one
 * transaction, committed, or in autocommit mode - and the connection returned. What a failure means depends on whether
 * COMMIT was sent, and only this class knows that: before COMMIT nothing was committed (a failover is reported as 08S02
 * whatever the wrapper said); during COMMIT the outcome is unknown (08007); after COMMIT succeeded, a failure to return
 * the connection is logged, not reported. Work in autocommit mode is read-only, so it has no COMMIT to lose.
 */
final class UnitOfWork {

    /** How the work runs. */
    enum Mode {
        /** One read-write transaction on the writer. */
        WRITE(false, true),
        /** One read-only transaction on a reader: one snapshot for every statement. */
        READ(true, true),
        /** Read-only, autocommit, on a reader: no BEGIN/COMMIT; each statement has its own snapshot. */
        READ_AUTOCOMMIT(true, false);

        private final boolean readOnly;
        private final boolean transaction;

        Mode(boolean readOnly, boolean transaction) {
            this.readOnly = readOnly;
            this.transaction = transaction;
        }

        /** Whether the work runs on a reader. */
        boolean readOnly() {
            return readOnly;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWork.class);

    private UnitOfWork() {
    }

    static <T> T run(Connection c, Mode mode, SqlWork<T> work) throws SQLException {
        T result;
        try {
            if (mode.readOnly) {
                c.setReadOnly(true);
            }
            if (mode.transaction) {
                c.setAutoCommit(false);
            } else if (!c.getAutoCommit()) {
                c.setAutoCommit(true); // a pool configured with autoCommit=false
            }
            WorkGuard guard = new WorkGuard(c);
            result = work.run(guard.connection());
            guard.throwIfConnectionFailed();
        } catch (SQLException | RuntimeException | Error failure) {
            rollbackAndClose(c, failure);
            throw rethrowable(FailoverRetry.beforeCommitFailure(failure));
        }
        if (mode.transaction) {
            try {
                c.commit();
            } catch (SQLException failure) {
                SQLException reported = FailoverRetry.commitFailure(failure);
                rollbackAndClose(c, reported);
                throw reported;
            }
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException afterCommit) {
            // The work is done (committed); a failure to reset the pooled connection must not make callers re-run it.
            LOG.warn("Returning a connection to the pool failed after the work was done ({}); the pool discards it: {}",
                    afterCommit.getClass().getSimpleName(), afterCommit.getMessage());
        }
        return result;
    }

    private static SQLException rethrowable(Throwable failure) {
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return (SQLException) failure;
    }

    private static void rollbackAndClose(Connection c, Throwable failure) {
        try {
            if (!c.isClosed() && !c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException | RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }
}
