package io.aurorakit.retry;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;

/**
 * Runs a unit of work and runs it again when a failover interrupts it, following a {@link RetryPolicy}, built on
 * resilience4j-retry. 08S02 re-runs at once; 08007 re-runs at once only for idempotent work, otherwise
 * {@link OutcomeUnknownException}; 08001/08006/08003/refused connections re-run after a randomized exponential backoff
 * within the time budget; SQL errors (42xxx, 23xxx, 28P01...) are thrown as they are. When attempts or budget run out:
 * {@link RetriesExhaustedException}. Every decision is reported to the {@link FailoverListener} and counted.
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
    private final FailoverListener listener;
    private final FailoverCounters counters = new FailoverCounters();
    private final Clock clock = Clock.systemUTC();

    /** Creates a retrier; both arguments are required. */
    public FailoverRetry(RetryPolicy policy, FailoverListener listener) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.listener = Objects.requireNonNull(listener, "listener");
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
        FailureKind kind = FailureKind.of(failure);
        if (kind == FailureKind.NOT_RETRYABLE || kind == FailureKind.OUTCOME_UNKNOWN) {
            return failure;
        }
        return new SQLException("The connection failed during COMMIT (SQLState " + failure.getSQLState() + ": "
                + failure.getMessage() + "); the transaction may or may not have committed", "08007", failure);
    }

    /** The policy in use. */
    public RetryPolicy policy() {
        return policy;
    }

    /** A snapshot of the counters. */
    public FailoverStats stats() {
        return counters.snapshot();
    }

    /**
     * Runs {@code attempt}, re-running it as the policy allows.
     *
     * @param idempotent whether re-running after 08007 (outcome unknown) is safe
     */
    public <T> T call(Attempt<T> attempt, boolean idempotent) throws SQLException {
        RetryRun run = new RetryRun(policy, idempotent, counters, listener, clock);
        RetryConfig config = RetryConfig.<T>custom()
                .maxAttempts(policy.maxAttempts())
                .retryOnException(run::shouldRetry)
                .intervalBiFunction((n, result) -> run.nextDelayMillis())
                .build();
        Retry retry = Retry.of("aurora-kit", config);
        try {
            return retry.executeCheckedSupplier(() -> {
                run.beginAttempt();
                return attempt.run();
            });
        } catch (SQLException e) {
            throw run.outcome(e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("unexpected checked exception from a SQL attempt", t);
        }
    }
}
