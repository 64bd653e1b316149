package io.aurorakit.drill;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.retry.FailoverListener;

import java.sql.SQLException;

/** Where a drill runs - an embedded {@link io.aurorakit.lab.AuroraLab} or a real Aurora cluster - and how its fault comes. */
interface DrillTarget extends AutoCloseable {

    /** A short name for reports, e.g. "embedded lab (1 writer + 2 readers, fast)". */
    String description();

    /** Opens the data source the workload runs through. */
    AuroraDataSource openDataSource(FailoverListener listener) throws SQLException;

    /**
     * Brings the fault about: injects it (lab) or waits for the operator's (real cluster). Marks the moment with
     * {@link DrillRecorder#faultInjected()} and adds what the control plane reports to the timeline.
     */
    void fault(DrillRecorder recorder) throws Exception;

    /**
     * The instance the fault hit (its identifier, e.g. {@code instance-1}), known once {@link #fault} has run; null if
     * unknown. Only the wrapper's detection of this instance counts as detection.
     */
    default String faultedInstance() {
        return null;
    }

    /**
     * Where the report reads what the writer was waiting on, known once the workload has stopped; null when nothing
     * samples the writer.
     */
    default WriterWaits.Sources writerLoad() {
        return null;
    }

    /** Called once the workload has stopped, before verification, e.g. to heal an isolated instance. */
    default void settle(DrillRecorder recorder) throws Exception {
    }

    @Override
    void close();
}
