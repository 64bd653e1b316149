package io.aurorakit.internal;

import io.aurorakit.retry.FailureKind;
import io.aurorakit.retry.OutcomeUnknownException;
import io.aurorakit.retry.RetriesExhaustedException;
import io.aurorakit.retry.RetryPolicy;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one call through {@link FailoverRetry}: attempts so far, elapsed time, the decision about the last
 * failure and the wait before the next attempt. Used by one thread only.
 */
final class RetryRun {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverRetry.class);

    private final RetryPolicy policy;
    private final Duration budget;
    private final boolean idempotent;
    private final FailoverCounters counters;
    private final ListenerGroup listener;
    private final RetryClock clock;
    private final long startNanos;
    private int attempts;
    private int backoffs;
    private long nextDelayMillis;
    /** What the last failure was, or {@link FailureKind#EXHAUSTED} when it ended the call for lack of attempts/time. */
    private FailureKind verdict = FailureKind.NOT_RETRYABLE;
    private String exhaustedReason;

    RetryRun(RetryPolicy policy, Duration budget, boolean idempotent, FailoverCounters counters,
            ListenerGroup listener, RetryClock clock) {
        this.policy = policy;
        this.budget = budget;
        this.idempotent = idempotent;
        this.counters = counters;
        this.listener = listener;
        this.clock = clock;
        this.startNanos = clock.nanoTime();
    }

    void beginAttempt() {
        attempts++;
        counters.attempts.incrementAndGet();
    }

    int attempts() {
        return attempts;
    }

    /**
     * Decides whether the failure of the current attempt is followed by another attempt. The failure is classified by
     * the first {@link SQLException} in its cause chain, so work that wraps one (Spring's {@code DataAccessException},
     * jOOQ) is treated like work that throws it.
     */
    boolean shouldRetry(Throwable failure) {
        SQLException e = Failures.sqlCause(failure);
        FailureKind kind = Failures.classify(failure);
        verdict = kind;
        long delay;
        switch (kind) {
            case CONNECTION_CHANGED:
                counters.failovers.incrementAndGet();
                delay = 0;
                break;
            case OUTCOME_UNKNOWN:
                counters.outcomeUnknown.incrementAndGet();
                if (!idempotent) {
                    publish(kind, 0, e, false);
                    return false;
                }
                delay = 0;
                break;
            case UNAVAILABLE:
                delay = Backoff.millis(policy, backoffs + 1, clock.random());
                break;
            default:
                return false;
        }
        if (attempts >= policy.maxAttempts()) {
            return exhaust(e, "maxAttempts=" + policy.maxAttempts() + " reached");
        }
        // Only a wait is bounded by the budget: a re-run after 08S02 (or idempotent 08007) needs none, and the time
        // before it went to the wrapper's failure detection and failover, which made the re-run safe.
        if (delay > 0 && elapsed().toMillis() + delay > budget.toMillis()) {
            return exhaust(e, "totalBudget=" + budget.toMillis() + " ms would be exceeded by the next wait of "
                    + delay + " ms");
        }
        if (kind == FailureKind.UNAVAILABLE) {
            backoffs++;
        }
        nextDelayMillis = delay;
        counters.retries.incrementAndGet();
        publish(kind, delay, e, true);
        return true;
    }

    /**
     * Waits the delay chosen by {@link #shouldRetry}. An interrupt ends the call at once: the thread's interrupt flag is
     * kept and the exception says the work was not run again.
     */
    void awaitNextAttempt(SQLException last) throws SQLException {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(last, null);
        }
        if (nextDelayMillis <= 0) {
            return;
        }
        try {
            clock.sleep(nextDelayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(last, e);
        }
    }

    private SQLException interrupted(SQLException last, InterruptedException e) {
        SQLException stop = new SQLException("Interrupted while waiting to run the work again after attempt "
                + attempts + " failed (SQLState " + last.getSQLState() + "); the work was not run again and the"
                + " thread's interrupt flag is kept", "57014", last);
        if (e != null) {
            stop.addSuppressed(e);
        }
        return stop;
    }

    /** The exception to throw for the failure that ended the call: {@code last} itself unless a verdict wraps it. */
    Exception outcome(Exception last) {
        SQLException cause = Failures.sqlCause(last);
        switch (verdict) {
            case OUTCOME_UNKNOWN:
                return new OutcomeUnknownException(cause);
            case EXHAUSTED:
                return new RetriesExhaustedException(attempts, elapsed(), exhaustedReason, cause);
            default:
                return last;
        }
    }

    private boolean exhaust(SQLException e, String reason) {
        verdict = FailureKind.EXHAUSTED;
        exhaustedReason = reason;
        counters.exhausted.incrementAndGet();
        publish(FailureKind.EXHAUSTED, 0, e, false);
        return false;
    }

    private Duration elapsed() {
        return Duration.ofNanos(clock.nanoTime() - startNanos);
    }

    private void publish(FailureKind kind, long delayMillis, SQLException e, boolean retrying) {
        RetryEvent event = new RetryEvent(kind, attempts, Duration.ofMillis(delayMillis), e.getSQLState(),
                clock.instant(), retrying);
        LOG.debug("{}", event);
        counters.lastEvent.set(event.time());
        listener.onEvent(event);
    }
}
