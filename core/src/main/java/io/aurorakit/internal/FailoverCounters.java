package io.aurorakit.internal;

import io.aurorakit.retry.FailoverStats;
import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link FailoverStats}; thread-safe. */
final class FailoverCounters {
    final AtomicLong failovers = new AtomicLong();
    final AtomicLong outcomeUnknown = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong exhausted = new AtomicLong();

    FailoverStats snapshot() {
        return new Snapshot(failovers.get(), outcomeUnknown.get(), retries.get(), attempts.get(), exhausted.get());
    }

    /** An immutable {@link FailoverStats}. */
    private record Snapshot(long failovers, long outcomeUnknown, long retries, long attempts, long exhausted)
            implements FailoverStats {

        @Override
        public String toString() {
            return "FailoverStats{failovers=" + failovers + ", outcomeUnknown=" + outcomeUnknown + ", retries="
                    + retries + ", attempts=" + attempts + ", exhausted=" + exhausted + "}";
        }
    }
}
