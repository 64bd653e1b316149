package io.aurorakit.lab;

import java.time.Duration;

/**
 * A short-lived oddity of the topology Aurora serves right after a failover, which a client must ride out. Opt-in
 * ({@link AuroraLab.Builder#topologyTransient(TopologyTransient, Duration)}), meant for the realistic profile
 * ({@link LabTiming#AURORA}). The control plane switches it on at the promotion, on the new writer (its view at once;
 * the readers' views once they replay it), and it ends by itself after its duration. With several transients enabled,
 * successive failovers take them in turn (the first failover the first one, and so on).
 *
 * <p>What the AWS JDBC wrapper 4.3.0 does with each: it discards a topology without a writer row
 * ({@code TopologyUtils.verifyWriter}), keeps the writer row with the latest {@code LAST_UPDATE_TIMESTAMP} when there
 * are several, and refuses an instance whose "am I the writer?" query (own row {@code MASTER_SESSION_ID}) and
 * {@code pg_is_in_recovery()} disagree.
 */
public enum TopologyTransient {

    /**
     * For its duration no view lists the new writer (or anyone) as {@code MASTER_SESSION_ID}, its own view included:
     * {@code aurora_replica_status()} has no writer row, while {@code pg_is_in_recovery()} is already false.
     */
    NO_WRITER_ROW,

    /**
     * For its duration every view lists the old writer as {@code MASTER_SESSION_ID} too, with its last heartbeat as
     * writer as {@code LAST_UPDATE_TIMESTAMP}: older than the new writer's (NULL in the new writer's own row, its
     * heartbeat elsewhere), so the latest-timestamp rule picks the true writer.
     */
    TWO_WRITER_ROWS,

    /**
     * For its duration the just-promoted writer's own row still says reader: {@code pg_is_in_recovery()} is false but
     * {@code aurora_replica_status()} (joined to {@code aurora_db_instance_identifier()}) finds no writer row for it,
     * while the readers' views already list it as the writer.
     */
    ROLE_DISAGREEMENT;

    /** The duration of a transient enabled without one. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(2);

    /** The longest duration accepted. */
    static final Duration MAX_DURATION = Duration.ofMinutes(5);
}
