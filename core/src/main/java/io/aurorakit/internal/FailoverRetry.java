package io.aurorakit.internal;

import io.aurorakit.retry.CallOutcome;
import io.aurorakit.retry.FailoverListener;
import io.aurorakit.retry.FailoverStats;
import io.aurorakit.retry.FailureKind;
import io.aurorakit.retry.OutcomeUnknownException;
import io.aurorakit.retry.RetriesExhaustedException;
import io.aurorakit.retry.RetryPolicy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * Not API: the retry engine behind {@code AuroraDataSource.write/read}. Runs a unit of work and runs it again when a
 * failover interrupts it, following a {@link RetryPolicy}. 08S02 re-runs
 * at once; 08007 re-runs at once only for idempotent work, otherwise {@link OutcomeUnknownException};
 * 08001/08006/08003/53300/refused connections re-run after a randomized exponential backoff that must end within the
 * time budget; SQL errors (42xxx, 23xxx, 28xxx, 3D000, 08004...) are thrown as they are. Failures are classified by the
 * first {@link SQLException} in their cause chain. When attempts or budget run out: {@link RetriesExhaustedException}.
 * Every decision is reported to the {@link FailoverListener} and counted.
 *
 * <pre>{@code
 * FailoverRetry retry = new FailoverRetry(RetryPolicy.defaults(), FailoverListener.NO_OP);
 * int n = retry.call(() -> countRows(dataSource), true);
 * }</pre>
 */
public final class FailoverRetry {

    /** One attempt of the work. */
    @FunctionalInterface
    public interface Attempt<T> {
        /** Runs the work once. */
        T run() throws SQLException;
    }

    private final RetryPolicy policy;
    private final Duration budget;
    private final ListenerGroup listener;
    private final RetryClock clock;
    private final FailoverCounters counters = new FailoverCounters();

    /**
     * Creates a retrier; both arguments are required. A policy without a {@link RetryPolicy#totalBudget()} bounds
     * retries by attempts only (an {@code AuroraDataSource} always gives one, derived from its settings).
     */
    public FailoverRetry(RetryPolicy policy, FailoverListener listener) {
        this(policy, listener, RetryClock.SYSTEM);
    }

    FailoverRetry(RetryPolicy policy, FailoverListener listener, RetryClock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.listener = new ListenerGroup(Objects.requireNonNull(listener, "listener"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.budget = policy.totalBudget().orElse(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * What a failed {@code COMMIT} means for the caller. When the connection broke during COMMIT (08xxx - including
     * the wrapper's 08S02, which it reports when it did not see the transaction start, e.g. one made only of
     * {@code PreparedStatement.executeUpdate()} calls - or 57P0x), nobody can tell whether the transaction committed:
     * that is 08007, whatever the wrapper said. Any other failure (a deferred constraint, a serialization failure) is
     * returned as it is: the transaction did not commit.
     *
     * @return {@code failure}, or a new 08007 exception with {@code failure} as its cause
     */
    public static SQLException commitFailure(SQLException failure) {
        FailureKind kind = Failures.classify(failure);
        if (kind == FailureKind.NOT_RETRYABLE || kind == FailureKind.OUTCOME_UNKNOWN) {
            return failure;
        }
        return new SQLException("The connection failed during COMMIT (SQLState " + failure.getSQLState() + ": "
                + failure.getMessage() + "); the transaction may or may not have committed", "08007", failure);
    }

    /**
     * What a failure before {@code COMMIT} was sent means for the caller. The wrapper's failover2 reports 08007
     * ("transaction resolution unknown") for every failover on a connection that was once in a transaction - it never
     * clears that flag on a pooled connection - even when the failure came in the middle of the work. Before COMMIT
     * nothing was committed, so the work can run again as after 08S02.
     *
     * @return {@code failure}, or a new 08S02 exception with the {@link SQLException} behind it as its cause
     */
    public static Throwable beforeCommitFailure(Throwable failure) {
        if (Failures.classify(failure) != FailureKind.OUTCOME_UNKNOWN) {
            return failure;
        }
        SQLException cause = Failures.sqlCause(failure);
        SQLException changed = new SQLException("The connection failed over before COMMIT was sent (the wrapper said"
                + " SQLState " + cause.getSQLState() + ": " + cause.getMessage() + "); nothing was committed", "08S02",
                cause);
        if (failure != cause) {
            changed.addSuppressed(failure);
        }
        return changed;
    }

    /** What {@code failure} means for a unit of work, judged by the first {@link SQLException} in its cause chain. */
    public static FailureKind classify(Throwable failure) {
        return Failures.classify(failure);
    }

    /** The first {@link SQLException} in the cause chain of {@code failure} (itself included), or null. */
    public static SQLException sqlCause(Throwable failure) {
        return Failures.sqlCause(failure);
    }

    /**
     * Whether {@code failure} means the connection was lost or replaced (08S02, 08007, 08xxx, 57P0x...): the
     * transaction it was in is gone.
     */
    public static boolean isConnectionFailure(SQLException failure) {
        return Failures.classify(failure) != FailureKind.NOT_RETRYABLE;
    }

    /**
     * Whether a failed name lookup may succeed when tried again: the resolver said "try again" (EAI_AGAIN) rather
     * than that the name does not exist.
     */
    public static boolean isTemporary(java.net.UnknownHostException failure) {
        return Failures.isTemporary(failure);
    }

    /** The policy in use. */
    public RetryPolicy policy() {
        return policy;
    }

    /** A snapshot of the counters. */
    public FailoverStats stats() {
        return counters.snapshot();
    }

    /** Adds a listener that receives every later event and call end, after the ones already registered. */
    public void addListener(FailoverListener added) {
        listener.add(Objects.requireNonNull(added, "listener"));
    }

    /**
     * Runs {@code attempt}, re-running it as the policy allows. An exception that is not re-run is thrown as it is
     * (a {@link RuntimeException} wrapping an {@link SQLException} included), unless the verdict is
     * {@link OutcomeUnknownException} or {@link RetriesExhaustedException}.
     *
     * @param idempotent whether re-running after 08007 (outcome unknown) is safe
     */
    public <T> T call(Attempt<T> attempt, boolean idempotent) throws SQLException {
        RetryRun run = new RetryRun(policy, budget, idempotent, counters, listener, clock);
        long start = clock.nanoTime();
        boolean successful = false;
        boolean retrying = false;
        try {
            while (true) {
                run.beginAttempt();
                try {
                    T result = attempt.run();
                    successful = true;
                    return result;
                } catch (SQLException | RuntimeException failure) {
                    if (!run.shouldRetry(failure)) {
                        Exception end = run.outcome(failure);
                        if (end instanceof SQLException) {
                            throw (SQLException) end;
                        }
                        throw (RuntimeException) end;
                    }
                    if (!retrying) {
                        retrying = true;
                        counters.retryingNow.incrementAndGet();
                    }
                    run.awaitNextAttempt(Failures.sqlCause(failure));
                }
            }
        } finally {
            if (retrying) {
                counters.retryingNow.decrementAndGet();
            }
            CallOutcome outcome = CallOutcome.of(successful, run.attempts());
            counters.callEnded(outcome);
            listener.callEnded(outcome, run.attempts(), Duration.ofNanos(clock.nanoTime() - start));
        }
    }
}
