package io.aurorakit.bench;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.FailoverReport;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The faults the failover harness injects into the lab, each ending with a new writer. */
enum FaultKind {

    /** kill -9 of the writer, automatic failover after the lab's detection delay. */
    CRASH("crash"),
    /** Planned failover ({@code aws rds failover-db-cluster}). */
    PLANNED("planned"),
    /**
     * The writer is black-holed (no RST: in-flight statements hang) for a hold time, then the cluster fails over; the
     * old writer's network is healed at the end. The harness holds the black hole past the client's failure-detection
     * budget so that the client's own detection (EFM) is what is measured, not the cluster's failover.
     */
    BLACK_HOLE("blackhole");

    private final String id;

    FaultKind(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    static FaultKind byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("fault '" + id + "' is unknown; expected one of "
                        + Arrays.stream(values()).map(FaultKind::id).collect(Collectors.joining(", "))));
    }

    /**
     * Injects the fault and returns once the lab's failover completed (blocks for seconds).
     *
     * @param blackHoleHold how long {@link #BLACK_HOLE} keeps the writer black-holed before the failover starts
     */
    FailoverReport inject(AuroraLab lab, Duration blackHoleHold) throws InterruptedException {
        switch (this) {
            case CRASH:
                return lab.crashWriter();
            case PLANNED:
                return lab.failover();
            default:
                String writer = lab.writerId();
                lab.isolate(writer);
                Thread.sleep(blackHoleHold.toMillis());
                try {
                    return lab.failover();
                } finally {
                    lab.heal(writer);
                }
        }
    }
}
