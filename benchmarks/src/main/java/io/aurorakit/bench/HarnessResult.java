package io.aurorakit.bench;

import java.util.List;
import java.util.Map;

/**
 * What the failover-timing harness measured, as written to its JSON file and read back by {@link ResultsReport}.
 *
 * @param generatedAt        ISO-8601 time the run finished
 * @param profile            {@code quick}, {@code full} or {@code smoke}
 * @param environment        machine and versions
 * @param labTiming          the timing profile the failover runs used, e.g. {@code AURORA[detection=3000ms, ...]}
 * @param labStartsMs        start-up times of 1 writer + 2 readers labs (FAST)
 * @param plannedFailoversMs end-to-end times of planned failovers in a FAST lab (FailoverReport.duration)
 * @param plannedWriterAvailableMs the same failovers: time until the new writer accepted connections
 * @param runs               one entry per (configuration, fault, repetition)
 */
record HarnessResult(String generatedAt, String profile, Environment environment, String labTiming,
                     List<Long> labStartsMs, List<Long> plannedFailoversMs, List<Long> plannedWriterAvailableMs,
                     List<Run> runs) {

    /**
     * One failover under load.
     *
     * @param configuration     client configuration id
     * @param fault             fault id
     * @param repetition        1-based
     * @param writeOutageMs     longest window after the fault without an acknowledged write (the drill's definition)
     * @param readOutageMs      the same for reads
     * @param detectionMs       fault to the first error or handled failure the application saw; null if none
     * @param wrapperDetectionMs fault to the AWS wrapper starting a writer failover (its own detection); null if it did not
     * @param detectionBudgetMs the configured failure-detection window (AuroraConfig.failureDetectionWindow()); null without EFM
     * @param blackHoleHoldMs   how long the writer stayed black-holed before the cluster failed over (0: other faults)
     * @param labPromotionMs    fault to the lab's {@code writer-available} phase (the cluster's own failover time)
     * @param labDnsUpdatedMs   fault to the lab's {@code dns-updated} phase
     * @param errors            failed operations the application saw after the fault
     * @param errorsByState     those by role and SQLState
     * @param writesOk          acknowledged writes in the run
     * @param readsOk           successful reads in the run
     * @param censored          true when writes had not recovered when observation ended (outage is a lower bound)
     * @param observedMs        fault to end of observation
     * @param dbLoad            the database load around the fault, from {@code DbLoadSampler}s on the instances; null
     *                          in files written before it was measured
     */
    record Run(String configuration, String fault, int repetition, long writeOutageMs, long readOutageMs,
               Long detectionMs, Long wrapperDetectionMs, Long detectionBudgetMs, long blackHoleHoldMs,
               long labPromotionMs, long labDnsUpdatedMs, long errors,
               Map<String, Integer> errorsByState, long writesOk, long readsOk, boolean censored, long observedMs,
               DbLoadAround dbLoad) {
    }

    /**
     * The top wait events and statements on the writer in the window before the fault and on the new writer in the
     * window after it ({@link InstanceSamplers}).
     *
     * @param before the old writer, the window that ends at the fault
     * @param after  the new writer, the window that starts when the lab's new writer became available
     */
    record DbLoadAround(LoadWindow before, LoadWindow after) {
    }

    /**
     * Database load of one instance over one window, in average active sessions (AAS).
     *
     * @param instance       instance id, e.g. {@code instance-1}
     * @param fromMsAfterFault window start relative to the fault (negative: before it)
     * @param windowMs       window length
     * @param sampledSeconds seconds of the window with at least one sample (a crashed instance has none)
     * @param totalAas       average active sessions over the sampled seconds
     * @param waits          top wait events ({@code db.wait_event.name}), highest first
     * @param sql            top statements ({@code db.sql_tokenized.statement}), highest first
     */
    record LoadWindow(String instance, long fromMsAfterFault, long windowMs, int sampledSeconds, double totalAas,
                      List<LoadKey> waits, List<LoadKey> sql) {
    }

    /**
     * One key of a {@link LoadWindow}.
     *
     * @param key the dimension's value, e.g. {@code IO:WALSync} or a statement
     * @param aas average active sessions it carried over the window
     */
    record LoadKey(String key, double aas) {
    }
}
