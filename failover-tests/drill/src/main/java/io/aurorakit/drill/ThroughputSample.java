package io.aurorakit.drill;

/**
 * Operations completed in one time bucket of a drill, as rates per second.
 *
 * @param atSeconds start of the bucket, in seconds since the workload started
 */
record ThroughputSample(double atSeconds, double writesOk, double writesFailed, double readsOk, double readsFailed) {
}
