package io.aurorakit.retry;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link FailoverStats}; thread-safe. */
final class FailoverCounters {
    final AtomicLong failovers = new AtomicLong();
    final AtomicLong outcomeUnknown = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    final AtomicLong exhausted = new AtomicLong();

    FailoverStats snapshot() {
        return new FailoverStats(failovers.get(), outcomeUnknown.get(), retries.get(), attempts.get(), exhausted.get());
    }
}
