package io.aurorakit.retry;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one call through {@link FailoverRetry}: attempts so far, elapsed time, the decision about the last
 * failure and the wait before the next attempt. Used by one thread only.
 */
final class RetryRun {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverRetry.class);

    /** Why the last failure ends the call. */
    enum Verdict { RETRY, NOT_RETRYABLE, OUTCOME_UNKNOWN, EXHAUSTED }

    private final RetryPolicy policy;
    private final boolean idempotent;
    private final FailoverCounters counters;
    private final FailoverListener listener;
    private final Clock clock;
    private final long startNanos;
    private int attempts;
    private int backoffs;
    private long nextDelayMillis;
    private Verdict verdict = Verdict.NOT_RETRYABLE;
    private String exhaustedReason;

    RetryRun(RetryPolicy policy, boolean idempotent, FailoverCounters counters, FailoverListener listener,
            Clock clock) {
        this.policy = policy;
        this.idempotent = idempotent;
        this.counters = counters;
        this.listener = listener;
        this.clock = clock;
        this.startNanos = System.nanoTime();
    }

    void beginAttempt() {
        attempts++;
        counters.attempts.incrementAndGet();
    }

    /** Decides whether the failure of the current attempt is followed by another attempt. */
    boolean shouldRetry(Throwable failure) {
        if (!(failure instanceof SQLException)) {
            verdict = Verdict.NOT_RETRYABLE;
            return false;
        }
        SQLException e = (SQLException) failure;
        FailureKind kind = FailureKind.of(e);
        long delay;
        FailoverEvent.Kind eventKind;
        switch (kind) {
            case CONNECTION_CHANGED:
                counters.failovers.incrementAndGet();
                delay = 0;
                eventKind = FailoverEvent.Kind.CONNECTION_CHANGED_08S02;
                break;
            case OUTCOME_UNKNOWN:
                counters.outcomeUnknown.incrementAndGet();
                if (!idempotent) {
                    verdict = Verdict.OUTCOME_UNKNOWN;
                    publish(FailoverEvent.Kind.OUTCOME_UNKNOWN_08007, 0, e, false);
                    return false;
                }
                delay = 0;
                eventKind = FailoverEvent.Kind.OUTCOME_UNKNOWN_08007;
                break;
            case UNAVAILABLE:
                delay = policy.backoffMillis(backoffs + 1);
                eventKind = FailoverEvent.Kind.UNAVAILABLE_RETRY;
                break;
            default:
                verdict = Verdict.NOT_RETRYABLE;
                return false;
        }
        Duration elapsed = elapsed();
        if (attempts >= policy.maxAttempts()) {
            return exhaust(e, "maxAttempts=" + policy.maxAttempts() + " reached");
        }
        if (elapsed.toMillis() + delay > policy.totalBudget().toMillis()) {
            return exhaust(e, "totalBudget=" + policy.totalBudget().toMillis() + " ms would be exceeded by the next"
                    + " attempt");
        }
        if (kind == FailureKind.UNAVAILABLE) {
            backoffs++;
        }
        nextDelayMillis = delay;
        verdict = Verdict.RETRY;
        counters.retries.incrementAndGet();
        publish(eventKind, delay, e, true);
        return true;
    }

    long nextDelayMillis() {
        return nextDelayMillis;
    }

    /** The exception to throw for the failure that ended the call. */
    SQLException outcome(SQLException last) {
        switch (verdict) {
            case OUTCOME_UNKNOWN:
                return new OutcomeUnknownException(last);
            case EXHAUSTED:
                return new RetriesExhaustedException(attempts, elapsed(), exhaustedReason, last);
            default:
                return last;
        }
    }

    private boolean exhaust(SQLException e, String reason) {
        verdict = Verdict.EXHAUSTED;
        exhaustedReason = reason;
        counters.exhausted.incrementAndGet();
        publish(FailoverEvent.Kind.EXHAUSTED, 0, e, false);
        return false;
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private void publish(FailoverEvent.Kind kind, long delayMillis, SQLException e, boolean retrying) {
        FailoverEvent event = new FailoverEvent(kind, attempts, Duration.ofMillis(delayMillis), e.getSQLState(),
                clock.instant(), retrying);
        LOG.debug("{}", event);
        try {
            listener.onEvent(event);
        } catch (RuntimeException listenerFailure) {
            LOG.warn("FailoverListener {} threw on {}; ignored", listener.getClass().getName(), event,
                    listenerFailure);
        }
    }
}
