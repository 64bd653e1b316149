package io.aurorakit.lab;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the control plane knows about each member beyond its role, and writes into {@code aurora_lab.members}: the CPU
 * figure {@code aurora_replica_status()} reports, and since when a crashed reader is down (it lingers in the topology
 * for {@link LabTiming#deadReaderLinger()}, then drops out). Thread-safe.
 */
final class MemberStatus {

    /** The CPU figure of a member nobody set (percent). */
    static final double DEFAULT_CPU = 2.0;

    private final Duration linger;
    private final Map<String, Double> cpu = new ConcurrentHashMap<>();
    private final Map<String, Instant> downSince = new ConcurrentHashMap<>();

    MemberStatus(Duration linger) {
        this.linger = linger;
    }

    double cpu(String id) {
        return cpu.getOrDefault(id, DEFAULT_CPU);
    }

    void cpu(String id, double percent) {
        cpu.put(id, percent);
    }

    /** Marks the member down at {@code at}, truncated to PostgreSQL's microseconds (so it never rounds up). */
    void markDown(String id, Instant at) {
        downSince.putIfAbsent(id, at.truncatedTo(ChronoUnit.MICROS));
    }

    void markUp(String id) {
        downSince.remove(id);
    }

    Optional<Instant> downSince(String id) {
        return Optional.ofNullable(downSince.get(id));
    }

    /** When a member marked down leaves the topology. */
    Optional<Instant> dropAfter(String id) {
        return downSince(id).map(at -> at.plus(linger));
    }
}
