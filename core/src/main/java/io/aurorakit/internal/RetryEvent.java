package io.aurorakit.internal;

import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.FailureKind;
import java.time.Duration;
import java.time.Instant;

/** The {@link FailoverEvent} aurora-kit publishes. */
record RetryEvent(FailureKind kind, int attempt, Duration delay, String sqlState, Instant time, boolean retrying)
        implements FailoverEvent {

    @Override
    public String toString() {
        return "FailoverEvent{" + kind + ", attempt=" + attempt + ", delay=" + delay.toMillis() + "ms, sqlState="
                + sqlState + ", retrying=" + retrying + ", time=" + time + "}";
    }
}
