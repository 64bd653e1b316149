package io.aurorakit.drill;

import io.aurorakit.measure.OperationLog;
import io.aurorakit.measure.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thread-safe record of everything a drill observes: the {@link OperationLog} of the workload (with the keys of
 * acknowledged writes), the writer the application last saw, retry counters and the timeline. Times are nanoTime-based;
 * the timeline is in milliseconds since the recorder was created, ordered by the exact nanoTime of each event (wall-clock
 * times from the lab's control plane are converted once, against one anchor).
 */
final class DrillRecorder implements Workload.Listener {

    private final long startNanos = System.nanoTime();
    private final Instant startInstant = Instant.now();
    private final OperationLog log = new OperationLog();
    private final List<Stamped> events = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<String> currentWriter = new AtomicReference<>("?");
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failovers = new AtomicLong();
    private final List<FaultMark> faults = Collections.synchronizedList(new ArrayList<>());
    private volatile long faultNanos = -1;
    private volatile long lastFaultNanos = -1;
    private volatile long wrapperDetectionNanos = -1;

    long now() {
        return System.nanoTime();
    }

    @Override
    public void written(int thread, long startNanos, String key, String writerId) {
        if (writerId != null) {
            String previous = currentWriter.getAndSet(writerId);
            if (!"?".equals(previous) && !previous.equals(writerId)) {
                event("app sees new writer " + writerId, "app");
            }
        }
        log.written(thread, startNanos, key, writerId);
    }

    @Override
    public void writeFailed(int thread, long startNanos, String key, Exception failure) {
        log.writeFailed(thread, startNanos, key, failure);
    }

    @Override
    public void read(int thread, long startNanos, String instance, Exception failure) {
        log.read(thread, startNanos, instance, failure);
    }

    /** A failure the library handled: a failover it saw (08S02/08007) and/or an attempt it re-runs. */
    void sawFailure(boolean failover, boolean retrying) {
        if (failover) {
            failovers.incrementAndGet();
        }
        if (retrying) {
            retries.incrementAndGet();
        }
        log.handledFailure();
    }

    /** A timeline event at an exact {@link System#nanoTime()}. */
    record Stamped(long nanos, String name, String source) {
    }

    /**
     * One fault of the run (a chaos run has many): its number from 1, its id, the instance it hit, when it was injected
     * ({@link System#nanoTime()}) and the wrapper's detection of it ({@code -1}: none, or not looked at yet).
     */
    record FaultMark(int number, String fault, String instance, long nanos, long detectionNanos) {
    }

    void faultInjected() {
        faultInjected("fault injected");
    }

    /**
     * Marks the moment a fault is injected, as {@code name} on the timeline; the first fault is the run's
     * {@link #faultNanos()}.
     *
     * @return the moment, for {@link #faultHit}
     */
    long faultInjected(String name) {
        long now = now();
        if (faultNanos < 0) {
            faultNanos = now;
        }
        lastFaultNanos = now;
        eventAtNanos(name, "lab", now);
        return now;
    }

    /** Records what the fault injected at {@code nanos} (see {@link #faultInjected(String)}) hit. */
    void faultHit(String fault, String instance, long nanos) {
        synchronized (faults) {
            faults.add(new FaultMark(faults.size() + 1, fault, instance, nanos, -1));
        }
    }

    /** The wrapper detected fault {@code number} at {@code detectionNanos} ({@link System#nanoTime()}). */
    void faultDetected(int number, long detectionNanos) {
        synchronized (faults) {
            FaultMark mark = faults.get(number - 1);
            faults.set(number - 1, new FaultMark(mark.number(), mark.fault(), mark.instance(), mark.nanos(),
                    detectionNanos));
        }
    }

    /** The faults so far, in the order they were injected. */
    List<FaultMark> faults() {
        synchronized (faults) {
            return List.copyOf(faults);
        }
    }

    void event(String name, String source) {
        eventAtNanos(name, source, now());
    }

    void eventAtNanos(String name, String source, long nanos) {
        events.add(new Stamped(nanos, name, source));
    }

    void event(String name, String source, Instant at) {
        eventAtNanos(name, source, nanosOf(at));
    }

    /**
     * A phase of the fault's control-plane action, which started after the latest {@link #faultInjected()}: it is placed no earlier
     * than the fault, whatever the small skew between the wall clock and nanoTime.
     */
    void faultPhase(String name, Instant at) {
        eventAtNanos(name, "lab", lastFaultNanos < 0 ? nanosOf(at) : Math.max(lastFaultNanos, nanosOf(at)));
    }

    private long nanosOf(Instant at) {
        return startNanos + Duration.between(startInstant, at).toNanos();
    }

    long millisSinceStart(long nanos) {
        return (nanos - startNanos) / 1_000_000;
    }

    OperationLog log() {
        return log;
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

    /** The wrapper detected the fault {@code nanosAfterFault} after it was injected. */
    void wrapperDetected(long nanosAfterFault) {
        wrapperDetectionNanos = nanosAfterFault;
    }

    /** Nanoseconds from the fault to the wrapper's detection; -1 if it did not detect one. */
    long wrapperDetectionNanos() {
        return wrapperDetectionNanos;
    }

    long faultNanos() {
        return faultNanos;
    }

    long startNanos() {
        return startNanos;
    }

    /** The timeline with {@code extra} events merged in, ordered by time (equal times keep the order they were added). */
    List<TimelineEvent> timeline(List<Stamped> extra) {
        List<Stamped> all;
        synchronized (events) {
            all = new ArrayList<>(events);
        }
        all.addAll(extra);
        all.sort(Comparator.comparingLong(Stamped::nanos));
        return all.stream().map(e -> new TimelineEvent(millisSinceStart(e.nanos()), e.name(), e.source())).toList();
    }

    /** The timeline so far, ordered by time. */
    List<TimelineEvent> timeline() {
        return timeline(List.of());
    }
}
