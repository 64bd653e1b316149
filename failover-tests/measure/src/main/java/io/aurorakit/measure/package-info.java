/**
 * Measurement shared by the drill, the failover scenario suite and the benchmarks: the one paced
 * {@link io.aurorakit.measure.Workload} over a {@link io.aurorakit.measure.LoadClient} on the
 * {@link io.aurorakit.measure.LoadTable}, {@link
 * io.aurorakit.measure.OperationLog} (every operation's outcome, detection time, the longest outage after a fault)
 * and {@link io.aurorakit.measure.WrapperLogProbe} (the AWS Advanced JDBC Wrapper's own log, for its detection).
 */
package io.aurorakit.measure;
