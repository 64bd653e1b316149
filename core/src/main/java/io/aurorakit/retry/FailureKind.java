package io.aurorakit.retry;

/**
 * What a failure means for a unit of work, and so what aurora-kit does with it: the one vocabulary of
 * {@link FailoverEvent#kind()}, the retry decision and the exceptions thrown.
 *
 * <pre>{@code
 * FailoverListener l = FailoverListener.of(e -> {
 *     if (e.kind() == FailureKind.UNAVAILABLE) System.out.println("waiting " + e.delay());
 * });
 * }</pre>
 */
public enum FailureKind {
    /**
     * The wrapper failed over (08S02), or the connection failed before COMMIT was sent: nothing was committed, the
     * work is run again at once.
     */
    CONNECTION_CHANGED,
    /**
     * The connection failed during COMMIT (08007): the commit may or may not have happened. Idempotent work is run
     * again; other work ends with {@link OutcomeUnknownException}.
     */
    OUTCOME_UNKNOWN,
    /**
     * No usable connection now (08001, 08006, 08003, 57P01-57P03, 53300, refused, a temporary name-resolution
     * failure): the work is run again after a randomized backoff.
     */
    UNAVAILABLE,
    /** A SQL, authentication or configuration error: thrown as it is, never run again. Never an event. */
    NOT_RETRYABLE,
    /** Attempts or the time budget ran out: {@link RetriesExhaustedException} follows. */
    EXHAUSTED
}
