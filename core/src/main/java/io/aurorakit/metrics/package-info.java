/**
 * Micrometer metrics of an {@code AuroraDataSource}: {@link io.aurorakit.metrics.AuroraMetrics}, a
 * {@code MeterBinder} for the failover and retry counters, call outcomes and durations, and HikariCP's own pool meters.
 * Needs {@code io.micrometer:micrometer-core} on the classpath (an optional dependency of aurora-kit-core).
 */
package io.aurorakit.metrics;
