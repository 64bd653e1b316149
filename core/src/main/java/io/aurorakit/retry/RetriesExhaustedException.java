package io.aurorakit.retry;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Thrown when work kept failing with failover-related errors until the {@link RetryPolicy}'s attempts or time budget
 * ran out. The message says how many attempts were made over how long; the last failure is the cause and its SQLState
 * is this exception's SQLState.
 *
 * <pre>{@code
 * try { ds.read(c -> count(c)); }
 * catch (RetriesExhaustedException e) { log.warn("cluster unavailable: {}", e.getMessage()); }
 * }</pre>
 */
public final class RetriesExhaustedException extends SQLException {

    private static final long serialVersionUID = 1L;

    private final int attempts;
    private final Duration elapsed;

    /** Creates the exception; {@code reason} says which limit was hit. */
    public RetriesExhaustedException(int attempts, Duration elapsed, String reason, SQLException lastCause) {
        super("Gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " over "
                + elapsed.toMillis() + " ms (" + reason + "); last failure: SQLState " + lastCause.getSQLState()
                + ": " + lastCause.getMessage(), lastCause.getSQLState(), lastCause);
        this.attempts = attempts;
        this.elapsed = elapsed;
    }

    /** Attempts made, the first included. */
    public int attempts() {
        return attempts;
    }

    /** Time from the first attempt to giving up. */
    public Duration elapsed() {
        return elapsed;
    }
}
