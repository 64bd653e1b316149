/**
 * JMH benchmarks and the failover-timing harness.
 */
package io.aurorakit.bench;
