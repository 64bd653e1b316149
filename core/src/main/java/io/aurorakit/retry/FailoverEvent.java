package io.aurorakit.retry;

import java.time.Duration;
import java.time.Instant;

/**
 * One observation of the retry machinery: what kind of failure was seen, on which attempt, with which SQLState, and
 * how long it waits before the next attempt. Created by aurora-kit; a test of a listener may implement it.
 *
 * <pre>{@code
 * FailoverListener l = FailoverListener.of(e -> {
 *     if (e.kind() == FailureKind.UNAVAILABLE) System.out.println("waiting " + e.delay());
 * });
 * }</pre>
 */
public interface FailoverEvent {

    /** What was observed: never {@link FailureKind#NOT_RETRYABLE}. */
    FailureKind kind();

    /** The 1-based number of the attempt that failed. */
    int attempt();

    /** The wait before the next attempt (zero when re-run at once or not re-run). */
    Duration delay();

    /** The SQLState of the failure (may be null, e.g. for a refused connection without one). */
    String sqlState();

    /** When it was observed. */
    Instant time();

    /** Whether the work runs again after this event. */
    boolean retrying();
}
