package io.aurorakit;

import io.aurorakit.internal.FailoverRetry;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of {@code write()}/{@code read()}: the work in one transaction on a pooled connection, committed, the
 * connection returned. What a failure means depends on whether COMMIT was sent, and only this class knows that:
 * before COMMIT nothing was committed (a failover is reported as 08S02 whatever the wrapper said); during COMMIT the
 * outcome is unknown (08007); after COMMIT succeeded, a failure to return the connection is logged, not reported.
 */
final class UnitOfWork {

    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWork.class);

    private UnitOfWork() {
    }

    static <T> T run(Connection c, boolean readOnly, SqlWork<T> work) throws SQLException {
        T result;
        try {
            if (readOnly) {
                c.setReadOnly(true);
            }
            c.setAutoCommit(false);
            WorkGuard guard = new WorkGuard(c);
            result = work.run(guard.connection());
            guard.throwIfConnectionFailed();
        } catch (SQLException | RuntimeException | Error failure) {
            rollbackAndClose(c, failure);
            throw rethrowable(FailoverRetry.beforeCommitFailure(failure));
        }
        try {
            c.commit();
        } catch (SQLException failure) {
            SQLException reported = FailoverRetry.commitFailure(failure);
            rollbackAndClose(c, reported);
            throw reported;
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException afterCommit) {
            // The transaction is committed; a failure to reset the pooled connection must not make callers re-run it.
            LOG.warn("Returning a connection to the pool after commit failed ({}); the pool discards it: {}",
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
