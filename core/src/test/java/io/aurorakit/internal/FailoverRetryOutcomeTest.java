package io.aurorakit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurorakit.retry.CallOutcome;
import io.aurorakit.retry.FailoverListener;
import io.aurorakit.retry.FailoverStats;
import io.aurorakit.retry.OutcomeUnknownException;
import io.aurorakit.retry.RetriesExhaustedException;
import io.aurorakit.retry.RetryPolicy;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The call-level view of {@link FailoverRetry}: how each call ended ({@link CallOutcome} counters and
 * {@link FailoverListener#onCallEnded}), how many calls are being re-run right now, and when the last failover event
 * was seen. Driven by work that fails with chosen SQLStates and a {@link FakeRetryClock}.
 */
class FailoverRetryOutcomeTest {

    /** One {@code onCallEnded}. */
    private record Ended(CallOutcome outcome, int attempts, Duration duration) {
    }

    private final List<Ended> ended = new CopyOnWriteArrayList<>();
    private final FailoverListener endRecorder = new FailoverListener() {
        @Override
        public void onCallEnded(CallOutcome outcome, int attempts, Duration duration) {
            ended.add(new Ended(outcome, attempts, duration));
        }
    };
    private final FakeRetryClock clock = new FakeRetryClock();

    private FailoverRetry retry(int maxAttempts) {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(maxAttempts).initialBackoff(Duration.ofMillis(100))
                .multiplier(1.0).randomizationFactor(0.0).maxBackoff(Duration.ofMillis(100))
                .totalBudget(Duration.ofSeconds(20)).build();
        return new FailoverRetry(policy, endRecorder, clock);
    }

    /** Work that takes 10 ms (fake) per attempt and fails with the given SQLStates in order. */
    private FailoverRetry.Attempt<Integer> work(AtomicInteger runs, String... states) {
        return () -> {
            clock.advanceMillis(10);
            int n = runs.incrementAndGet();
            if (n <= states.length) {
                throw new SQLException("scripted " + states[n - 1], states[n - 1]);
            }
            return n;
        };
    }

    @Test
    void everyOutcomeIsCountedOnceWithItsAttemptsAndDuration() throws SQLException {
        FailoverRetry r = retry(3);
        r.call(work(new AtomicInteger()), false);
        r.call(work(new AtomicInteger(), "08S02"), false);
        assertThatThrownBy(() -> r.call(work(new AtomicInteger(), "23505"), true)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> r.call(work(new AtomicInteger(), "08001", "08001", "08001"), true))
                .isInstanceOf(RetriesExhaustedException.class);

        FailoverStats s = r.stats();
        assertThat(s.calls(CallOutcome.SUCCESSFUL_WITHOUT_RETRY)).isEqualTo(1);
        assertThat(s.calls(CallOutcome.SUCCESSFUL_WITH_RETRY)).isEqualTo(1);
        assertThat(s.calls(CallOutcome.FAILED_WITHOUT_RETRY)).isEqualTo(1);
        assertThat(s.calls(CallOutcome.FAILED_WITH_RETRY)).isEqualTo(1);
        assertThat(s.retryingNow()).as("nothing runs any more").isZero();
        // 10 ms per attempt; the exhausted call also waited two backoffs of 100 ms
        assertThat(ended).containsExactly(
                new Ended(CallOutcome.SUCCESSFUL_WITHOUT_RETRY, 1, Duration.ofMillis(10)),
                new Ended(CallOutcome.SUCCESSFUL_WITH_RETRY, 2, Duration.ofMillis(20)),
                new Ended(CallOutcome.FAILED_WITHOUT_RETRY, 1, Duration.ofMillis(10)),
                new Ended(CallOutcome.FAILED_WITH_RETRY, 3, Duration.ofMillis(230)));
    }

    @Test
    void outcomeUnknownOfNonIdempotentWorkFailedWithoutRetryAnIdempotentRerunSucceededWithRetry() throws SQLException {
        FailoverRetry r = retry(3);
        assertThatThrownBy(() -> r.call(work(new AtomicInteger(), "08007"), false))
                .isInstanceOf(OutcomeUnknownException.class);
        assertThat(r.call(work(new AtomicInteger(), "08007"), true)).isEqualTo(2);
        assertThat(ended).extracting(Ended::outcome).containsExactly(CallOutcome.FAILED_WITHOUT_RETRY,
                CallOutcome.SUCCESSFUL_WITH_RETRY);
        assertThat(r.stats().outcomeUnknown()).isEqualTo(2);
    }

    @Test
    void aCallCountsAsRetryingNowFromItsFirstRetriedFailureUntilItEnds() throws SQLException {
        FailoverRetry r = retry(5);
        List<Long> seenPerAttempt = new ArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        int result = r.call(() -> {
            seenPerAttempt.add(r.stats().retryingNow());
            switch (runs.incrementAndGet()) {
                case 1:
                    throw new SQLException("changed", "08S02");
                case 2:
                    throw new SQLException("down", "08006");
                default:
                    return runs.get();
            }
        }, false);
        assertThat(result).isEqualTo(3);
        assertThat(seenPerAttempt).as("0 on the first attempt, 1 on both re-runs").containsExactly(0L, 1L, 1L);
        assertThat(r.stats().retryingNow()).isZero();

        AtomicInteger failing = new AtomicInteger();
        assertThatThrownBy(() -> r.call(work(failing, "08S02", "42601"), false)).isInstanceOf(SQLException.class);
        assertThat(r.stats().retryingNow()).as("released after a failed re-run too").isZero();
        assertThat(r.stats().calls(CallOutcome.FAILED_WITH_RETRY)).isEqualTo(1);
    }

    @Test
    void lastEventIsTheTimeOfTheLatestFailoverEventOnly() throws SQLException {
        FailoverRetry r = retry(3);
        r.call(work(new AtomicInteger()), false);
        assertThat(r.stats().lastEvent()).as("no failover seen yet").isEmpty();

        clock.advanceMillis(5_000);
        r.call(work(new AtomicInteger(), "08S02"), false);
        // 10 ms of the first call, 5 s idle, then the failure 10 ms into the attempt
        assertThat(r.stats().lastEvent()).contains(Instant.EPOCH.plusMillis(5_020));

        clock.advanceMillis(1_000);
        assertThatThrownBy(() -> r.call(work(new AtomicInteger(), "42601"), false)).isInstanceOf(SQLException.class);
        assertThat(r.stats().lastEvent()).as("a SQL error is no failover event")
                .contains(Instant.EPOCH.plusMillis(5_020));
    }

    @Test
    void aListenerThatThrowsOnCallEndedBreaksNeitherTheCallNorTheOtherListeners() throws SQLException {
        FailoverRetry r = new FailoverRetry(RetryPolicy.defaults(), new FailoverListener() {
            @Override
            public void onCallEnded(CallOutcome outcome, int attempts, Duration duration) {
                throw new IllegalStateException("listener bug");
            }
        }, clock);
        r.addListener(endRecorder);
        assertThat(r.call(work(new AtomicInteger(), "08S02"), false)).isEqualTo(2);
        assertThat(ended).extracting(Ended::outcome).containsExactly(CallOutcome.SUCCESSFUL_WITH_RETRY);
        assertThat(r.stats().calls(CallOutcome.SUCCESSFUL_WITH_RETRY)).isEqualTo(1);
    }
}
