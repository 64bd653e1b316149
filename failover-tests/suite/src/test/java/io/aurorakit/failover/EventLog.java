package io.aurorakit.failover;

import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.FailureKind;
import io.aurorakit.retry.FailoverListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A thread-safe {@link FailoverListener} that keeps every {@link FailoverEvent} of the core's retry machinery, for
 * assertions on kinds, attempts, delays and times.
 *
 * <pre>{@code
 * EventLog events = new EventLog();
 * AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).build();
 * assertThat(events.ofKind(FailureKind.UNAVAILABLE)).isNotEmpty();
 * }</pre>
 */
final class EventLog implements FailoverListener {

    private final List<FailoverEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(FailoverEvent event) {
        events.add(event);
    }

    synchronized List<FailoverEvent> all() {
        return List.copyOf(events);
    }

    synchronized List<FailoverEvent> ofKind(FailureKind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    synchronized boolean any(Predicate<FailoverEvent> condition) {
        return events.stream().anyMatch(condition);
    }

    synchronized void clear() {
        events.clear();
    }
}
