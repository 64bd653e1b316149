package io.aurorakit.metrics;

import io.aurorakit.retry.CallOutcome;
import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.FailoverListener;
import io.aurorakit.retry.FailureKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Records what only events tell: the wait before every re-run ({@code aurora.retry.delay}, tag {@code kind} = the
 * failure that caused it; 0 after a connection change) and the duration of every unit of work
 * ({@code aurora.work.duration}, tag {@code kind} = its {@link CallOutcome}). Timers are registered up front, so each
 * event is one map lookup and one record.
 */
final class MetricsListener implements FailoverListener {

    static final String RETRY_DELAY = "aurora.retry.delay";
    static final String WORK_DURATION = "aurora.work.duration";

    /** The failure kinds that can be followed by a re-run. */
    private static final FailureKind[] RETRIED = {
        FailureKind.CONNECTION_CHANGED, FailureKind.OUTCOME_UNKNOWN, FailureKind.UNAVAILABLE};

    private final Map<FailureKind, Timer> delays = new EnumMap<>(FailureKind.class);
    private final Map<CallOutcome, Timer> durations = new EnumMap<>(CallOutcome.class);

    MetricsListener(MeterRegistry registry, Tags tags) {
        for (FailureKind kind : RETRIED) {
            delays.put(kind, Timer.builder(RETRY_DELAY)
                    .description("Wait before a unit of work was run again, by the failure that caused the re-run"
                            + " (0 after a connection change: run again at once)")
                    .tags(tags.and(RetryMeters.KIND, RetryMeters.tag(kind))).register(registry));
        }
        for (CallOutcome outcome : CallOutcome.values()) {
            durations.put(outcome, Timer.builder(WORK_DURATION)
                    .description("Duration of units of work from the start of the first attempt to the end of the"
                            + " last (backoff waits included), by outcome")
                    .tags(tags.and(RetryMeters.KIND, outcome.tag())).register(registry));
        }
    }

    /** The timers this listener records into. */
    List<Timer> timers() {
        List<Timer> all = new ArrayList<>(delays.values());
        all.addAll(durations.values());
        return all;
    }

    @Override
    public void onEvent(FailoverEvent event) {
        Timer delay = delays.get(event.kind());
        if (event.retrying() && delay != null) {
            delay.record(event.delay());
        }
    }

    @Override
    public void onCallEnded(CallOutcome outcome, int attempts, Duration duration) {
        durations.get(outcome).record(duration);
    }
}
