package io.aurorakit.spring;

import io.aurorakit.internal.FailoverRetry;
import io.aurorakit.retry.FailureKind;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Spring's {@link JdbcTransactionManager} with three failover-aware changes. A transaction that cannot begin for lack
 * of a connection is a {@link TransientFailoverException}. Commit failures are translated by
 * {@link AuroraSqlExceptionTranslator} (a connection failure during COMMIT is an
 * {@link OutcomeUnknownDataAccessException}). A rollback that fails because the connection failed over or was lost
 * is not an error, nor is any rollback failure after a statement of the transaction failed that way (the wrapper may
 * already have replaced the connection, e.g. with one in autocommit that answers 25P01): the server ended that
 * transaction with the connection, so the rollback has nothing left to do.
 * Spring would otherwise throw the rollback's exception in place of the application's (logging "Application exception
 * overridden by rollback exception"), and the failover exception the caller needs to see would be lost.
 *
 * <pre>{@code
 * @Bean
 * PlatformTransactionManager transactionManager(DataSource dataSource) {
 *     return new AuroraTransactionManager(dataSource);
 * }
 * }</pre>
 */
public class AuroraTransactionManager extends JdbcTransactionManager {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(AuroraTransactionManager.class);

    /** A transaction manager for {@code dataSource}, translating with {@link AuroraSqlExceptionTranslator}. */
    public AuroraTransactionManager(DataSource dataSource) {
        super(dataSource);
        setExceptionTranslator(new AuroraSqlExceptionTranslator());
    }

    /**
     * A transaction that could not start because no connection could be had (the cluster unavailable during a
     * failover: 08001, refused, 53300...) is a {@link TransientFailoverException}: nothing ran, so it is safe to try
     * again. Spring would throw a {@code CannotCreateTransactionException}, which retry rules on transient data-access
     * exceptions do not catch. Other failures to begin are thrown as Spring throws them.
     */
    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        try {
            super.doBegin(transaction, definition);
        } catch (CannotCreateTransactionException failure) {
            SQLException cause = FailoverRetry.sqlCause(failure);
            if (cause == null || FailoverRetry.classify(cause) == FailureKind.NOT_RETRYABLE) {
                throw failure;
            }
            throw new TransientFailoverException(failure.getMessage() + ": no connection to the cluster now (SQLState "
                    + cause.getSQLState() + "); nothing ran, safe to try again", failure);
        }
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        try {
            super.doRollback(status);
        } catch (RuntimeException failure) {
            SQLException cause = FailoverRetry.sqlCause(failure);
            boolean connectionFailure = cause != null && FailoverRetry.classify(cause) != FailureKind.NOT_RETRYABLE;
            if (!connectionFailure && !FailoverMark.isSet()) {
                throw failure;
            }
            LOG.debug("Rollback after the connection failed over or was lost failed too ({}): the server already"
                    + " ended the transaction; the application's exception is kept", failure.getMessage());
        }
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        FailoverMark.clear();
        super.doCleanupAfterCompletion(transaction);
    }
}
