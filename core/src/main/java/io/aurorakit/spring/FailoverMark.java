package io.aurorakit.spring;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Remembers, for the transaction running on this thread, that a statement in it failed because the connection failed
 * over or was lost ({@link AuroraSqlExceptionTranslator} sets it, {@link AuroraTransactionManager} reads and clears
 * it). The rollback that follows then has nothing left to do - the server ended that transaction with the
 * connection - so whatever it throws (a connection failure, or 25P01 from a connection the wrapper has already replaced
 * with one in autocommit) must not replace the application's exception.
 */
final class FailoverMark {

    private static final Object KEY = new Object();

    private FailoverMark() {
    }

    /** Marks the current transaction, if there is one. */
    static void set() {
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.hasResource(KEY)) {
            TransactionSynchronizationManager.bindResource(KEY, Boolean.TRUE);
        }
    }

    /** Whether the current transaction was marked. */
    static boolean isSet() {
        return TransactionSynchronizationManager.hasResource(KEY);
    }

    /** Forgets the mark at the end of the transaction. */
    static void clear() {
        if (TransactionSynchronizationManager.hasResource(KEY)) {
            TransactionSynchronizationManager.unbindResource(KEY);
        }
    }
}
