package io.aurorakit.spring;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.internal.FailoverRetry;
import io.aurorakit.retry.FailureKind;
import java.sql.SQLException;
import java.util.Objects;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@code write()}, {@code writeIdempotent()} and {@code read()} for Spring code: runs a callback (typically a call of
 * a {@code @Transactional} service method, which joins this transaction) in a Spring-managed transaction and runs it
 * again after a failover, with the {@link AuroraDataSource}'s {@link io.aurorakit.retry.RetryPolicy}, counters and
 * listeners. It knows whether COMMIT was sent: a failover before it re-runs the work; a connection failure during it
 * ends {@link #write} with {@link OutcomeUnknownDataAccessException} (the commit may have happened), and re-runs
 * {@link #writeIdempotent}. Failures that are not failover-related are thrown as the callback threw them, after one
 * attempt.
 *
 * <pre>{@code
 * long id = aurora.write(status -> orders.place(order));        // orders.place is @Transactional
 * List<Order> open = aurora.read(status -> orders.findOpen());  // read-only: on a reader
 * }</pre>
 */
public final class AuroraTransactionTemplate {

    private final PlatformTransactionManager transactionManager;
    private final AuroraDataSource dataSource;
    private final AuroraSqlExceptionTranslator translator = new AuroraSqlExceptionTranslator();

    /** A template running transactions of {@code transactionManager} on {@code dataSource}. */
    public AuroraTransactionTemplate(PlatformTransactionManager transactionManager, AuroraDataSource dataSource) {
        this.transactionManager = Objects.requireNonNull(transactionManager, "transactionManager");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Runs {@code work} in a read-write transaction; an outcome-unknown commit is not re-run. */
    public <T> T write(TransactionCallback<T> work) {
        return run(work, false, false);
    }

    /** As {@link #write}, for work that may safely run twice: an outcome-unknown commit is re-run too. */
    public <T> T writeIdempotent(TransactionCallback<T> work) {
        return run(work, false, true);
    }

    /** Runs {@code work} in a read-only transaction (on a reader, through read/write splitting), re-run as needed. */
    public <T> T read(TransactionCallback<T> work) {
        return run(work, true, true);
    }

    private <T> T run(TransactionCallback<T> work, boolean readOnly, boolean idempotent) {
        Objects.requireNonNull(work, "work");
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("AuroraTransactionTemplate was called inside a transaction that is"
                    + " already running; it must start the transaction itself, so that it knows whether COMMIT was"
                    + " sent: call it from outside the @Transactional method");
        }
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition(
                TransactionDefinition.PROPAGATION_REQUIRED);
        definition.setReadOnly(readOnly);
        try {
            return dataSource.callWithRetries(() -> attempt(work, definition), idempotent);
        } catch (SQLException ended) {
            DataAccessException translated = translator.translate("AuroraTransactionTemplate", null, ended);
            throw translated != null ? translated : new UncategorizedSQLException("AuroraTransactionTemplate", null,
                    ended);
        }
    }

    private <T> T attempt(TransactionCallback<T> work, TransactionDefinition definition) throws SQLException {
        TransactionStatus status = transactionManager.getTransaction(definition);
        T result;
        try {
            result = work.doInTransaction(status);
        } catch (RuntimeException | Error failure) {
            rollbackKeeping(status, failure);
            Throwable reported = FailoverRetry.beforeCommitFailure(failure);
            if (reported instanceof SQLException) {
                throw (SQLException) reported;
            }
            throw failure;
        }
        try {
            transactionManager.commit(status);
        } catch (RuntimeException failure) {
            SQLException cause = FailoverRetry.sqlCause(failure);
            if (cause == null || FailoverRetry.classify(cause) == FailureKind.NOT_RETRYABLE) {
                throw failure;
            }
            SQLException unknown = FailoverRetry.commitFailure(cause);
            if (unknown != cause) {
                unknown.addSuppressed(failure);
            }
            throw unknown;
        }
        return result;
    }

    /** Rolls back after the work failed; a rollback failure never replaces the work's own exception. */
    private void rollbackKeeping(TransactionStatus status, Throwable failure) {
        if (status.isCompleted()) {
            return;
        }
        try {
            transactionManager.rollback(status);
        } catch (RuntimeException | Error rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
