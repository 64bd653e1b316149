package io.aurorakit.internal;

import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.FailoverListener;
import io.aurorakit.retry.FailureKind;
import io.aurorakit.retry.OutcomeUnknownException;
import io.aurorakit.retry.RetriesExhaustedException;
import io.aurorakit.retry.RetryPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link FailoverRetry} with work that fails with chosen SQLStates (the unit's input, not a mock of a real
 * component) and checks what is re-run, what is thrown, the delays and the counters.
 */
class FailoverRetryTest {

    private final List<FailoverEvent> events = new CopyOnWriteArrayList<>();
    private final FailoverListener recorder = FailoverListener.of(events::add);

    /** Work that throws the given SQLStates in order, then returns the number of runs. */
    private static final class ScriptedWork implements FailoverRetry.Attempt<Integer> {
        private final Deque<String> states;
        final AtomicInteger runs = new AtomicInteger();

        ScriptedWork(String... states) {
            this.states = new ArrayDeque<>(List.of(states));
        }

        @Override
        public Integer run() throws SQLException {
            int n = runs.incrementAndGet();
            String state = states.poll();
            if (state != null) {
                throw new SQLException("scripted failure " + state, state);
            }
            return n;
        }
    }

    private FailoverRetry retry(RetryPolicy policy) {
        return new FailoverRetry(policy, recorder);
    }

    private static RetryPolicy fast() {
        return RetryPolicy.builder().maxAttempts(6).initialBackoff(Duration.ofMillis(20)).multiplier(2.0)
                .randomizationFactor(0.5).maxBackoff(Duration.ofMillis(100)).totalBudget(Duration.ofSeconds(20))
                .build();
    }

    @Test
    void connectionChangedReRunsAtOnce() throws SQLException {
        FakeRetryClock clock = new FakeRetryClock();
        FailoverRetry r = new FailoverRetry(fast(), recorder, clock);
        ScriptedWork work = new ScriptedWork("08S02");
        assertThat(r.call(work, false)).isEqualTo(2);
        assertThat(clock.sleeps).as("no wait before the re-run").isEmpty();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_CHANGED);
            assertThat(e.delay()).isZero();
            assertThat(e.attempt()).isEqualTo(1);
            assertThat(e.sqlState()).isEqualTo("08S02");
            assertThat(e.retrying()).isTrue();
        });
        assertThat(r.stats().failovers()).isEqualTo(1);
        assertThat(r.stats().attempts()).isEqualTo(2);
        assertThat(r.stats().retries()).isEqualTo(1);
    }

    @Test
    void outcomeUnknownIsNotReRunForNonIdempotentWork() {
        FailoverRetry r = retry(fast());
        ScriptedWork work = new ScriptedWork("08007");
        assertThatThrownBy(() -> r.call(work, false))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("outcome unknown")
                .hasCauseInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08007"));
        assertThat(work.runs).hasValue(1);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.OUTCOME_UNKNOWN);
            assertThat(e.retrying()).isFalse();
        });
        assertThat(r.stats().outcomeUnknown()).isEqualTo(1);
        assertThat(r.stats().retries()).isZero();
    }

    @Test
    void outcomeUnknownIsReRunForIdempotentWork() throws SQLException {
        FailoverRetry r = retry(fast());
        assertThat(r.call(new ScriptedWork("08007", "08S02"), true)).isEqualTo(3);
        assertThat(events).extracting(FailoverEvent::kind).containsExactly(
                FailureKind.OUTCOME_UNKNOWN, FailureKind.CONNECTION_CHANGED);
        assertThat(r.stats().retries()).isEqualTo(2);
    }

    @Test
    void unavailableClusterIsRetriedWithGrowingRandomizedBackoff() throws SQLException {
        FakeRetryClock clock = new FakeRetryClock();
        clock.random(0.75); // jitter factor 0.5: every wait is base x 1.25, then capped at 100 ms
        FailoverRetry r = new FailoverRetry(fast(), recorder, clock);
        ScriptedWork work = new ScriptedWork("08001", "08006", "08003", "08001");
        assertThat(r.call(work, false)).isEqualTo(5);
        assertThat(events).extracting(FailoverEvent::kind).containsOnly(FailureKind.UNAVAILABLE);
        assertThat(events).extracting(FailoverEvent::attempt).containsExactly(1, 2, 3, 4);
        // base 20 ms x2^n: 20, 40, 80, 160 -> x1.25: 25, 50, 100, 200 -> capped at 100
        assertThat(events).extracting(e -> e.delay().toMillis()).containsExactly(25L, 50L, 100L, 100L);
        assertThat(clock.sleeps).as("the waits really happened, in order").containsExactly(25L, 50L, 100L, 100L);
    }

    @Test
    void sqlErrorsAreNeverRetried() {
        for (String state : new String[] {"42601", "23505", "28P01", "40001", "25006"}) {
            FailoverRetry r = retry(fast());
            ScriptedWork work = new ScriptedWork(state);
            assertThatThrownBy(() -> r.call(work, true))
                    .isInstanceOf(SQLException.class)
                    .isNotInstanceOf(RetriesExhaustedException.class)
                    .hasMessage("scripted failure " + state);
            assertThat(work.runs).as(state).hasValue(1);
        }
        assertThat(events).isEmpty();
    }

    @Test
    void runtimeExceptionsPassThroughWithoutRetry() {
        FailoverRetry r = retry(fast());
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> r.call(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("bug");
        }, true)).isInstanceOf(IllegalStateException.class).hasMessage("bug");
        assertThat(runs).hasValue(1);
    }

    @Test
    void maxAttemptsExhaustedSaysHowManyOverHowLong() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(20)).build();
        FailoverRetry r = retry(policy);
        ScriptedWork work = new ScriptedWork("08001", "08001", "08001", "08001");
        assertThatThrownBy(() -> r.call(work, true))
                .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.getSQLState()).isEqualTo("08001");
                    assertThat(e.getCause()).hasMessage("scripted failure 08001");
                })
                .hasMessageMatching("Gave up after 3 attempts over \\d+ ms \\(maxAttempts=3 reached\\); last failure:"
                        + " SQLState 08001: scripted failure 08001");
        assertThat(work.runs).hasValue(3);
        assertThat(events.get(events.size() - 1).kind()).isEqualTo(FailureKind.EXHAUSTED);
        assertThat(r.stats().exhausted()).isEqualTo(1);
        assertThat(r.stats().attempts()).isEqualTo(3);
    }

    @Test
    void totalBudgetStopsRetriesBeforeItIsExceeded() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(1000).initialBackoff(Duration.ofMillis(100))
                .multiplier(1.0).randomizationFactor(0.0).maxBackoff(Duration.ofMillis(100))
                .totalBudget(Duration.ofMillis(450)).build();
        FakeRetryClock clock = new FakeRetryClock();
        FailoverRetry r = new FailoverRetry(policy, recorder, clock);
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> r.call(() -> {
            runs.incrementAndGet();
            clock.advanceMillis(10); // each attempt takes 10 ms
            throw new SQLException("down", "08006");
        }, true)).isInstanceOf(RetriesExhaustedException.class).hasMessageContaining("totalBudget=450 ms")
                .hasMessageContaining("Gave up after 5 attempts over 450 ms");
        // attempts end at 10, 120, 230, 340 and 450 ms; a fifth wait would end at 550 > 450
        assertThat(clock.sleeps).containsExactly(100L, 100L, 100L, 100L);
        assertThat(runs).hasValue(5);
    }

    @Test
    void aThrowingListenerDoesNotBreakTheRetry() throws SQLException {
        FailoverRetry r = new FailoverRetry(fast(), FailoverListener.of(e -> {
            throw new IllegalStateException("listener bug");
        }));
        assertThat(r.call(new ScriptedWork("08S02"), false)).isEqualTo(2);
    }

    @Test
    void perKindListenerMethodsAreCalled() throws SQLException {
        List<String> calls = new CopyOnWriteArrayList<>();
        FailoverListener l = new FailoverListener() {
            @Override
            public void onConnectionChanged(FailoverEvent event) {
                calls.add("changed");
            }

            @Override
            public void onUnavailableRetry(FailoverEvent event) {
                calls.add("unavailable");
            }
        };
        new FailoverRetry(fast(), l).call(new ScriptedWork("08S02", "08001"), false);
        assertThat(calls).containsExactly("changed", "unavailable");
    }

    @Test
    void aConnectionFailureDuringCommitIsOutcomeUnknownWhateverTheWrapperSaid() {
        for (String state : new String[] {"08S02", "08006", "08001", "57P01"}) {
            SQLException failure = new SQLException("commit failed", state);
            SQLException reported = FailoverRetry.commitFailure(failure);
            String reportedState = reported.getSQLState();
            assertThat(reportedState).as(state).isEqualTo("08007");
            assertThat((Throwable) reported).hasCause(failure).hasMessageContaining("may or may not have committed");
        }
        SQLException deferredConstraint = new SQLException("duplicate key", "23505");
        assertThat((Throwable) FailoverRetry.commitFailure(deferredConstraint)).isSameAs(deferredConstraint);
        SQLException alreadyUnknown = new SQLException("unknown", "08007");
        assertThat((Throwable) FailoverRetry.commitFailure(alreadyUnknown)).isSameAs(alreadyUnknown);
    }

    @Test
    void aCommitCutByFailoverRunsNonIdempotentWorkOnlyOnce() {
        AtomicInteger runs = new AtomicInteger();
        FailoverRetry.Attempt<Integer> commitCut = () -> {
            runs.incrementAndGet();
            throw FailoverRetry.commitFailure(new SQLException("connection changed", "08S02"));
        };
        assertThatThrownBy(() -> retry(fast()).call(commitCut, false)).isInstanceOf(OutcomeUnknownException.class);
        assertThat(runs).hasValue(1);
    }

    // ---------------------------------------------------------------------------------- issue 10: budget and phases

    @Test
    void aConnectionChangeThatArrivesAfterTheBudgetIsStillReRun() throws SQLException {
        FakeRetryClock clock = new FakeRetryClock();
        FailoverRetry r = new FailoverRetry(RetryPolicy.builder().totalBudget(Duration.ofMillis(100)).build(),
                recorder, clock);
        AtomicInteger runs = new AtomicInteger();
        int result = r.call(() -> {
            if (runs.incrementAndGet() == 1) {
                clock.advanceMillis(150); // failure detection and failover took longer than the budget
                throw new SQLException("connection changed", "08S02");
            }
            return runs.get();
        }, false);
        assertThat(result).isEqualTo(2);
        assertThat(r.stats().exhausted()).isZero();
    }

    @Test
    void anIdempotentOutcomeUnknownAfterTheBudgetIsStillReRun() throws SQLException {
        FakeRetryClock clock = new FakeRetryClock();
        FailoverRetry r = new FailoverRetry(RetryPolicy.builder().totalBudget(Duration.ofSeconds(30)).build(),
                recorder, clock);
        AtomicInteger runs = new AtomicInteger();
        assertThat(r.call(() -> {
            if (runs.incrementAndGet() == 1) {
                clock.advanceMillis(95_000); // detection + a 60 s failover timeout
                throw new SQLException("transaction resolution unknown", "08007");
            }
            return runs.get();
        }, true)).isEqualTo(2);
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void aBackoffThatCannotEndInsideTheBudgetIsNotStarted() {
        FakeRetryClock clock = new FakeRetryClock();
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(100).initialBackoff(Duration.ofMillis(800))
                .multiplier(1.0).randomizationFactor(0.0).maxBackoff(Duration.ofMillis(800))
                .totalBudget(Duration.ofSeconds(1)).build();
        FailoverRetry r = new FailoverRetry(policy, recorder, clock);
        ScriptedWork work = new ScriptedWork("08001", "08001", "08001");
        assertThatThrownBy(() -> r.call(work, true)).isInstanceOf(RetriesExhaustedException.class)
                .hasMessageContaining("totalBudget=1000 ms would be exceeded by the next wait of 800 ms");
        assertThat(clock.sleeps).as("one wait fits (0 + 800 <= 1000), a second would end at 1600").containsExactly(800L);
        assertThat(work.runs).hasValue(2);
    }

    @Test
    void aWrappedConnectionChangeIsReRunAndReported() throws SQLException {
        FailoverRetry r = retry(fast());
        AtomicInteger runs = new AtomicInteger();
        int result = r.call(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("DataAccessResourceFailureException-like",
                        new SQLException("connection changed", "08S02"));
            }
            return runs.get();
        }, false);
        assertThat(result).isEqualTo(2);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.CONNECTION_CHANGED);
            assertThat(e.sqlState()).isEqualTo("08S02");
        });
    }

    @Test
    void aWrappedSqlErrorIsThrownAsTheCallerWrappedIt() {
        RuntimeException wrapped = new IllegalStateException("wrapped", new SQLException("duplicate", "23505"));
        assertThatThrownBy(() -> retry(fast()).call(() -> {
            throw wrapped;
        }, true)).isSameAs(wrapped);
        assertThat(events).isEmpty();
    }

    @Test
    void aWrappedOutcomeUnknownIsReportedAsOutcomeUnknown() {
        SQLException unknown = new SQLException("resolution unknown", "08007");
        assertThatThrownBy(() -> retry(fast()).call(() -> {
            throw new RuntimeException("jOOQ-like", unknown);
        }, false)).isInstanceOf(OutcomeUnknownException.class).hasCause(unknown);
    }

    @Test
    void beforeCommitAnOutcomeUnknownFromTheWrapperMeansNothingCommitted() {
        SQLException stale = new SQLException("Transaction resolution unknown", "08007");
        Throwable reported = FailoverRetry.beforeCommitFailure(stale);
        assertThat(reported).isInstanceOf(SQLException.class).hasCause(stale)
                .hasMessageContaining("before COMMIT").hasMessageContaining("nothing was committed");
        assertThat(((SQLException) reported).getSQLState()).isEqualTo("08S02");
        RuntimeException wrapped = new RuntimeException("spring", stale);
        Throwable fromWrapped = FailoverRetry.beforeCommitFailure(wrapped);
        assertThat(((SQLException) fromWrapped).getSQLState()).isEqualTo("08S02");
        assertThat(fromWrapped.getSuppressed()).containsExactly(wrapped);
        SQLException other = new SQLException("syntax", "42601");
        assertThat(FailoverRetry.beforeCommitFailure(other)).isSameAs(other);
        SQLException changed = new SQLException("changed", "08S02");
        assertThat(FailoverRetry.beforeCommitFailure(changed)).isSameAs(changed);
    }

    // ---------------------------------------------------------------------------------- issue 10: error classes

    @Test
    void configurationAndAuthenticationErrorsFailAtOnce() {
        for (String state : new String[] {"08004", "28000", "28P01", "3D000", "08P01"}) {
            FailoverRetry r = retry(fast());
            ScriptedWork work = new ScriptedWork(state);
            assertThatThrownBy(() -> r.call(work, true)).isInstanceOf(SQLException.class)
                    .isNotInstanceOf(RetriesExhaustedException.class);
            assertThat(work.runs).as(state).hasValue(1);
        }
    }

    @Test
    void tooManyConnectionsIsRetriedAfterABackoff() throws SQLException {
        FakeRetryClock clock = new FakeRetryClock();
        FailoverRetry r = new FailoverRetry(fast(), recorder, clock);
        assertThat(r.call(new ScriptedWork("53300", "53300"), false)).isEqualTo(3);
        assertThat(clock.sleeps).hasSize(2).allSatisfy(ms -> assertThat(ms).isPositive());
        assertThat(events).extracting(FailoverEvent::kind).containsOnly(FailureKind.UNAVAILABLE);
    }

    @Test
    void aTemporaryResolverFailureIsRetriedANameThatDoesNotExistIsNot() throws SQLException {
        FakeRetryClock clock = new FakeRetryClock();
        AtomicInteger runs = new AtomicInteger();
        int result = new FailoverRetry(fast(), recorder, clock).call(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new SQLException("connect failed", "08001",
                        new java.net.UnknownHostException("db.example: Temporary failure in name resolution"));
            }
            return runs.get();
        }, false);
        assertThat(result).isEqualTo(2);

        AtomicInteger permanentRuns = new AtomicInteger();
        assertThatThrownBy(() -> retry(fast()).call(() -> {
            permanentRuns.incrementAndGet();
            throw new SQLException("connect failed", "08001",
                    new java.net.UnknownHostException("nosuch.example: Name or service not known"));
        }, false)).isInstanceOf(SQLException.class).isNotInstanceOf(RetriesExhaustedException.class);
        assertThat(permanentRuns).hasValue(1);
    }

    @Test
    void anInterruptDuringABackoffStopsAtOnceKeepsTheFlagAndSaysSo() {
        FakeRetryClock clock = new FakeRetryClock();
        clock.interruptNextSleep();
        ScriptedWork work = new ScriptedWork("08006", "08006");
        try {
            assertThatThrownBy(() -> new FailoverRetry(fast(), recorder, clock).call(work, true))
                    .isInstanceOf(SQLException.class).hasMessageContaining("Interrupted while waiting")
                    .hasMessageContaining("not run again")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"))
                    .hasCauseInstanceOf(SQLException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag kept").isTrue();
            assertThat(work.runs).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void anAlreadyInterruptedThreadIsNotSentIntoAnotherAttempt() {
        ScriptedWork work = new ScriptedWork("08S02");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> retry(fast()).call(work, true)).hasMessageContaining("Interrupted");
            assertThat(work.runs).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theWrappersInitialConnectionTimeoutWithoutSqlStateIsRetriedAsAnOutage() throws SQLException {
        // a Serverless v2 instance still resuming when the wrapper's openConnectionRetryTimeoutMs ran out
        FakeRetryClock clock = new FakeRetryClock();
        AtomicInteger runs = new AtomicInteger();
        int result = new FailoverRetry(fast(), recorder, clock).call(() -> {
            SQLException timeout = FailuresTest.initialConnectionTimeout(90_000);
            switch (runs.incrementAndGet()) {
                case 1:
                    throw new com.zaxxer.hikari.pool.HikariPool.PoolInitializationException(timeout);
                case 2:
                    throw timeout;
                default:
                    return runs.get();
            }
        }, false);
        assertThat(result).isEqualTo(3);
        assertThat(events).extracting(FailoverEvent::kind).containsExactly(FailureKind.UNAVAILABLE,
                FailureKind.UNAVAILABLE);
        assertThat(clock.sleeps).hasSize(2);
    }
}
