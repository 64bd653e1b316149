package io.aurorakit.spring;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * A failover (or an unavailable cluster) interrupted the work before anything was committed: running the whole
 * transaction again is safe. A {@link org.springframework.dao.TransientDataAccessException}, so retry rules written
 * the Spring way ({@code @Retryable(TransientDataAccessException.class)}) re-run it. The driver's
 * {@link java.sql.SQLException} (08S02, 08001, 08006...) is the cause.
 *
 * <pre>{@code
 * @Retryable(retryFor = TransientDataAccessException.class, maxAttempts = 5)
 * @Transactional
 * public void placeOrder(Order o) { ... }
 * }</pre>
 */
public class TransientFailoverException extends TransientDataAccessResourceException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message and the driver's exception. */
    public TransientFailoverException(String message, Throwable cause) {
        super(message, cause);
    }
}
