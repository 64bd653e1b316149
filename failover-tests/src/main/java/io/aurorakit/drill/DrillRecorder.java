package io.aurorakit.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread-safe record of everything a drill observes: every operation with its outcome, the keys of acknowledged
 * writes, the application's retry events and the timeline. All times are nanoTime-based offsets from {@link #start}.
 */
final class DrillRecorder {

    enum Role { WRITE, READ }

    /** One completed operation. */
    record Op(Role role, int thread, long startNanos, long endNanos, boolean ok, String sqlState) {
    }

    private final long startNanos = System.nanoTime();
    private final Instant startInstant = Instant.now();
    private final List<Op> ops = Collections.synchronizedList(new ArrayList<>());
    private final List<TimelineEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> retryNanos = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> unknownOutcome = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> currentWriter = new AtomicReference<>("?");
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failovers = new AtomicLong();
    private volatile long faultNanos = -1;

    long now() {
        return System.nanoTime();
    }

    void writeAcknowledged(int thread, long start, String key, String writerId) {
        acknowledged.add(key);
        if (writerId != null) {
            String previous = currentWriter.getAndSet(writerId);
            if (!"?".equals(previous) && !previous.equals(writerId)) {
                event("app sees new writer " + writerId, "app");
            }
        }
        ops.add(new Op(Role.WRITE, thread, start, now(), true, null));
    }

    void writeOutcomeUnknown(int thread, long start, String key) {
        unknownOutcome.add(key);
        ops.add(new Op(Role.WRITE, thread, start, now(), false, "08007"));
    }

    void writeFailed(int thread, long start, String sqlState) {
        ops.add(new Op(Role.WRITE, thread, start, now(), false, sqlState));
    }

    void read(int thread, long start, boolean ok, String sqlState) {
        ops.add(new Op(Role.READ, thread, start, now(), ok, sqlState));
    }

    /** A failure the library handled: a failover it saw (08S02/08007) and/or an attempt it re-runs. */
    void sawFailure(boolean failover, boolean retrying) {
        if (failover) {
            failovers.incrementAndGet();
        }
        if (retrying) {
            retries.incrementAndGet();
        }
        retryNanos.add(now());
    }

    void faultInjected() {
        faultNanos = now();
        event("fault injected", "lab");
    }

    void event(String name, String source) {
        events.add(new TimelineEvent(millisSinceStart(now()), name, source));
    }

    void event(String name, String source, Instant at) {
        events.add(new TimelineEvent(Duration.between(startInstant, at).toMillis(), name, source));
    }

    long millisSinceStart(long nanos) {
        return (nanos - startNanos) / 1_000_000;
    }

    String currentWriter() {
        return currentWriter.get();
    }

    long retries() {
        return retries.get();
    }

    long failovers() {
        return failovers.get();
    }

    long faultNanos() {
        return faultNanos;
    }

    long startNanos() {
        return startNanos;
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    Set<String> unknownOutcome() {
        return Set.copyOf(unknownOutcome);
    }

    List<Op> ops() {
        synchronized (ops) {
            return List.copyOf(ops);
        }
    }

    List<Long> retryTimes() {
        synchronized (retryNanos) {
            return List.copyOf(retryNanos);
        }
    }

    List<TimelineEvent> timeline() {
        synchronized (events) {
            List<TimelineEvent> sorted = new ArrayList<>(events);
            sorted.sort(Comparator.comparingLong(TimelineEvent::atMs));
            return sorted;
        }
    }
}
