package io.aurorakit.spring;

import org.springframework.dao.NonTransientDataAccessResourceException;

/**
 * The connection failed while the transaction was being committed (or while a statement ran outside a transaction):
 * the change may or may not have been made, so running it again could make it twice. Non-transient on purpose: retry
 * rules on {@link org.springframework.dao.TransientDataAccessException} leave it alone. Check the data (or make the
 * work idempotent and use {@link AuroraTransactionTemplate#writeIdempotent}) before trying again. The driver's
 * {@link java.sql.SQLException} is the cause.
 *
 * <pre>{@code
 * try { orders.place(order); }
 * catch (OutcomeUnknownDataAccessException e) { reconcile(order); }
 * }</pre>
 */
public class OutcomeUnknownDataAccessException extends NonTransientDataAccessResourceException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message and the driver's exception. */
    public OutcomeUnknownDataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
