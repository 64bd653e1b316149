package io.aurorakit.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One observation of the retry machinery: what kind of failure was seen, on which attempt, with which SQLState, and
 * how long it waits before the next attempt.
 *
 * <pre>{@code
 * FailoverListener l = FailoverListener.of(e -> {
 *     if (e.kind() == FailoverEvent.Kind.UNAVAILABLE_RETRY) System.out.println("waiting " + e.delay());
 * });
 * }</pre>
 */
public final class FailoverEvent {

    /** What was observed. */
    public enum Kind {
        /** 08S02: the wrapper failed over; the work is re-run immediately. */
        CONNECTION_CHANGED_08S02,
        /** 08007: a transaction was cut, its outcome is unknown; re-run only when declared idempotent. */
        OUTCOME_UNKNOWN_08007,
        /** The cluster is unavailable (08001, 08006, 08003, refused...); re-run after a randomized backoff. */
        UNAVAILABLE_RETRY,
        /** Attempts or the time budget ran out. */
        EXHAUSTED
    }

    private final Kind kind;
    private final int attempt;
    private final Duration delay;
    private final String sqlState;
    private final Instant time;
    private final boolean retrying;

    /** Creates an event; {@code attempt} is the 1-based attempt that just failed. */
    public FailoverEvent(Kind kind, int attempt, Duration delay, String sqlState, Instant time, boolean retrying) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.attempt = attempt;
        this.delay = Objects.requireNonNull(delay, "delay");
        this.sqlState = sqlState;
        this.time = Objects.requireNonNull(time, "time");
        this.retrying = retrying;
    }

    /** What was observed. */
    public Kind kind() {
        return kind;
    }

    /** The 1-based number of the attempt that failed. */
    public int attempt() {
        return attempt;
    }

    /** The wait before the next attempt (zero when re-run at once or not re-run). */
    public Duration delay() {
        return delay;
    }

    /** The SQLState of the failure (may be null, e.g. for a refused connection without one). */
    public String sqlState() {
        return sqlState;
    }

    /** When it was observed. */
    public Instant time() {
        return time;
    }

    /** Whether the work runs again after this event. */
    public boolean retrying() {
        return retrying;
    }

    @Override
    public String toString() {
        return "FailoverEvent{" + kind + ", attempt=" + attempt + ", delay=" + delay.toMillis() + "ms, sqlState="
                + sqlState + ", retrying=" + retrying + ", time=" + time + "}";
    }
}
