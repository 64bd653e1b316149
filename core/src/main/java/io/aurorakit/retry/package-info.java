/**
 * What {@code AuroraDataSource.write}/{@code read} do when a failover interrupts work: the
 * {@link io.aurorakit.retry.RetryPolicy}, the one vocabulary of failures ({@link io.aurorakit.retry.FailureKind}),
 * the events a {@link io.aurorakit.retry.FailoverListener} receives, the counters of
 * {@link io.aurorakit.retry.FailoverStats} and the two exceptions a caller handles:
 * {@link io.aurorakit.retry.OutcomeUnknownException} and {@link io.aurorakit.retry.RetriesExhaustedException}.
 */
package io.aurorakit.retry;
