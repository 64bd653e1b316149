package io.aurorakit.drill;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.Preset;
import io.aurorakit.lab.Fault;
import io.aurorakit.lab.LabTiming;
import io.aurorakit.retry.FailoverListener;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a drill run needs, validated by {@link DrillCommand}.
 *
 * @param url        a real cluster's {@code jdbc:aurora:postgresql://} URL, or null for the embedded lab
 * @param warmup     how long the workload runs before the fault
 * @param after      how long it keeps running after the fault
 * @param manualWait how long a {@code --url} drill waits for the operator's failover
 * @param chaos      {@code --fault chaos}: the seeded sequence of faults ({@link #fault} is then null); null otherwise
 * @param pauseWait  {@code --fault pause}: how long the idle application may keep the cluster awake before the drill
 *                   pauses it anyway
 */
record DrillPlan(
        Fault fault,
        int readers,
        LabTiming timing,
        int writerThreads,
        int readerThreads,
        int rate,
        Duration warmup,
        Duration after,
        Duration latency,
        Preset preset,
        Path json,
        Path plot,
        String url,
        String user,
        Duration manualWait,
        ChaosPlan chaos,
        Duration pauseWait,
        RdsTrigger.RdsTriggerOptions rds) {

    /** What a {@code --url} drill reports as its fault. */
    static final String OPERATOR_FAILOVER = "operator-triggered failover";
    /** What a {@code --url --trigger rds} drill reports as its fault. */
    static final String RDS_FAILOVER = "FailoverDBCluster (RDS API)";

    boolean onLab() {
        return url == null;
    }

    /**
     * The fault as reports name it: the lab fault's name, or {@value #OPERATOR_FAILOVER} with {@code --url}, where the
     * drill injects nothing.
     */
    String faultName() {
        return !onLab() ? (rds != null ? RDS_FAILOVER : OPERATOR_FAILOVER) : chaos != null ? chaos.name() : fault.id();
    }

    String settings() {
        return String.format("preset %s, %d writer + %d reader threads at %d ops/s each, fault after %d s, run %d s after%s",
                preset.name().toLowerCase().replace('_', '-'), writerThreads, readerThreads, rate,
                warmup.toSeconds(), after.toSeconds(), chaos == null ? "" : " each fault (at least)");
    }

    /** The drill's settings on a data source builder: preset, a pool as large as the workload, the listener. */
    AuroraDataSource.Builder applyTo(AuroraDataSource.Builder builder, FailoverListener listener) {
        return builder.preset(preset()).maximumPoolSize(writerThreads() + readerThreads() + 2).listener(listener);
    }
}
