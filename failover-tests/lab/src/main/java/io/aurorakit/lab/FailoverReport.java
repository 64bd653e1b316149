package io.aurorakit.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a control-plane action of an {@link AuroraLab} did and when: an ordered timeline of named phases, the writer
 * before and after. Immutable.
 *
 * <pre>{@code
 * FailoverReport report = lab.failover();
 * System.out.println(report);   // failover instance-1 -> instance-2 in 412 ms: requested +0 ms, fenced +104 ms, ...
 * Duration untilWritable = report.timeTo(FailoverReport.WRITER_AVAILABLE).orElseThrow();
 * }</pre>
 */
public final class FailoverReport {

    /** The action was requested. */
    public static final String REQUESTED = "requested";
    /** The instance was killed (kill -9). */
    public static final String CRASHED = "crashed";
    /** The failed writer was detected (after the timing's detection delay). */
    public static final String DETECTED = "detected";
    /** The old writer was fenced (no client traffic) and stopped. */
    public static final String FENCED = "fenced";
    /** The failover target was chosen. */
    public static final String TARGET_CHOSEN = "target-chosen";
    /** The target received all WAL any survivor had (only when it had to catch up). */
    public static final String TARGET_CAUGHT_UP = "target-caught-up";
    /** The target finished promotion (pg_promote). */
    public static final String PROMOTED = "promoted";
    /** Client sessions on the promoted target were terminated (Aurora restarts the target). */
    public static final String SESSIONS_TERMINATED = "sessions-terminated";
    /** The other readers were re-pointed at the new writer. */
    public static final String REPLICAS_REPOINTED = "replicas-repointed";
    /** Membership table and synchronous_standby_names were updated on the new writer. */
    public static final String MEMBERSHIP_UPDATED = "membership-updated";
    /** The new writer accepts client connections through its instance endpoint. */
    public static final String WRITER_AVAILABLE = "writer-available";
    /** The cluster and reader endpoints were re-targeted (after the DNS delay). */
    public static final String DNS_UPDATED = "dns-updated";
    /** The old writer runs again, as a streaming reader, and takes client connections (read-only). */
    public static final String OLD_WRITER_REJOINED = "old-writer-rejoined";
    /** The instance was stopped. */
    public static final String STOPPED = "stopped";
    /** The instance was started. */
    public static final String STARTED = "started";
    /** A reader is streaming from the writer again. */
    public static final String STREAMING = "streaming";
    /**
     * Serverless v2: a pause started - new client connections are held from now on (RDS-EVENT-0370, "Initiated pause
     * for the DB instance.").
     */
    public static final String PAUSE_INITIATED = "pause-initiated";
    /** Serverless v2: a client connected while the pause started, so it was called off (RDS-EVENT-0371). */
    public static final String PAUSE_CANCELED = "pause-canceled";
    /** Serverless v2: every instance of the pause group is paused (RDS-EVENT-0372, "Successfully paused..."). */
    public static final String PAUSED = "paused";
    /** Serverless v2: a resume started (RDS-EVENT-0373, "Initiated resume for the DB instance."). */
    public static final String RESUME_INITIATED = "resume-initiated";
    /**
     * Serverless v2: the resumed instances accept client connections; the held ones proceed (RDS-EVENT-0374,
     * "Successfully resumed the DB instance.").
     */
    public static final String RESUMED = "resumed";
    /** Network fault injected or removed through the instance's proxy. */
    public static final String NETWORK_CHANGED = "network-changed";
    /** The action finished. */
    public static final String COMPLETED = "completed";

    private final String action;
    private final Map<String, Instant> phases;
    private final String oldWriterId;
    private final String newWriterId;
    private final List<String> notes;

    private FailoverReport(String action, Map<String, Instant> phases, String oldWriterId, String newWriterId,
                           List<String> notes) {
        this.action = action;
        this.phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
        this.oldWriterId = oldWriterId;
        this.newWriterId = newWriterId;
        this.notes = List.copyOf(notes);
    }

    /**
     * What was done, e.g. {@code failover}, {@code crashWriter}, {@code crash instance-2}, {@code isolate ...},
     * {@code pause instance-1}, {@code auto-pause [instance-2, instance-1]}, {@code auto-resume (connection to ...)}.
     */
    public String action() {
        return action;
    }

    /** Phase name to the instant it was reached, in the order reached. */
    public Map<String, Instant> phases() {
        return phases;
    }

    /** When the named phase was reached, if it was. */
    public Optional<Instant> phase(String name) {
        return Optional.ofNullable(phases.get(name));
    }

    /** Time from the first phase to the named one, if it was reached. */
    public Optional<Duration> timeTo(String name) {
        return phase(name).map(at -> Duration.between(start(), at));
    }

    /** The writer before the action. */
    public String oldWriterId() {
        return oldWriterId;
    }

    /** The writer after the action (equal to {@link #oldWriterId()} when the writer did not change). */
    public String newWriterId() {
        return newWriterId;
    }

    /** What the control plane decided along the way, e.g. a failover target drawn at random (with the seed). */
    public List<String> notes() {
        return notes;
    }

    /** Whether the writer role moved to another instance. */
    public boolean writerChanged() {
        return !oldWriterId.equals(newWriterId);
    }

    /** Time from the first to the last phase. */
    public Duration duration() {
        Instant last = null;
        for (Instant at : phases.values()) {
            last = at;
        }
        return last == null ? Duration.ZERO : Duration.between(start(), last);
    }

    private Instant start() {
        return phases.isEmpty() ? Instant.EPOCH : phases.values().iterator().next();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(action);
        if (writerChanged()) {
            sb.append(' ').append(oldWriterId).append(" -> ").append(newWriterId);
        }
        sb.append(" in ").append(duration().toMillis()).append(" ms:");
        String separator = " ";
        for (Map.Entry<String, Instant> phase : phases.entrySet()) {
            sb.append(separator).append(phase.getKey()).append(" +")
                    .append(Duration.between(start(), phase.getValue()).toMillis()).append(" ms");
            separator = ", ";
        }
        for (String note : notes) {
            sb.append("; ").append(note);
        }
        return sb.toString();
    }

    /** Records phases while an action runs; {@link #finish(String)} builds the report. Not thread-safe. */
    static final class Recorder {
        private final String action;
        private final String oldWriterId;
        private final Map<String, Instant> phases = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();

        Recorder(String action, String oldWriterId) {
            this.action = Objects.requireNonNull(action);
            this.oldWriterId = Objects.requireNonNull(oldWriterId);
            phase(REQUESTED);
        }

        String action() {
            return action;
        }

        void phase(String name) {
            phase(name, Instant.now());
        }

        /** A phase reached at {@code at} (phases must be recorded in the order they were reached). */
        void phase(String name, Instant at) {
            phases.put(name, at);
        }

        void note(String note) {
            notes.add(note);
        }

        FailoverReport finish(String newWriterId) {
            phase(COMPLETED);
            return new FailoverReport(action, phases, oldWriterId, newWriterId, notes);
        }
    }
}
