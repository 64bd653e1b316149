package io.aurorakit.internal;

import io.aurorakit.retry.CallOutcome;
import io.aurorakit.retry.FailoverStats;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The live counters behind {@link FailoverStats}; thread-safe. */
final class FailoverCounters {
    final AtomicLong failovers = new AtomicLong();
    final AtomicLong outcomeUnknown = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong exhausted = new AtomicLong();
    final AtomicLong retryingNow = new AtomicLong();
    final AtomicReference<Instant> lastEvent = new AtomicReference<>();
    private final Map<CallOutcome, AtomicLong> calls = new EnumMap<>(CallOutcome.class);

    FailoverCounters() {
        Arrays.stream(CallOutcome.values()).forEach(o -> calls.put(o, new AtomicLong()));
    }

    void callEnded(CallOutcome outcome) {
        calls.get(outcome).incrementAndGet();
    }

    FailoverStats snapshot() {
        Map<CallOutcome, Long> callCounts = new EnumMap<>(CallOutcome.class);
        calls.forEach((outcome, count) -> callCounts.put(outcome, count.get()));
        return new Snapshot(failovers.get(), outcomeUnknown.get(), retries.get(), attempts.get(), exhausted.get(),
                Map.copyOf(callCounts), retryingNow.get(), Optional.ofNullable(lastEvent.get()));
    }

    /** An immutable {@link FailoverStats}. */
    private record Snapshot(long failovers, long outcomeUnknown, long retries, long attempts, long exhausted,
            Map<CallOutcome, Long> callCounts, long retryingNow, Optional<Instant> lastEvent)
            implements FailoverStats {

        @Override
        public long calls(CallOutcome outcome) {
            return callCounts.get(outcome);
        }

        @Override
        public String toString() {
            return "FailoverStats{failovers=" + failovers + ", outcomeUnknown=" + outcomeUnknown + ", retries="
                    + retries + ", attempts=" + attempts + ", exhausted=" + exhausted + ", calls=" + callCounts
                    + ", retryingNow=" + retryingNow + ", lastEvent=" + lastEvent.orElse(null) + "}";
        }
    }
}
