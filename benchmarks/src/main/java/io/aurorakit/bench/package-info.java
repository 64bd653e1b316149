/**
 * aurora-kit's benchmarks: a JMH suite against embedded Aurora labs (query-path overhead of HikariCP + pgjdbc vs the
 * AWS wrapper vs {@code AuroraDataSource}, read/write routing, pool checkout, the embedded Toxiproxy's cost, a
 * reconnect with and without TLS), the failover-timing harness ({@link io.aurorakit.bench.FailoverTimingHarness}),
 * the Serverless v2 harness ({@link io.aurorakit.bench.ServerlessHarness}: connections while idle per preset, time to
 * pause, first query after a resume) and the report generator ({@link io.aurorakit.bench.ResultsReport}) that writes
 * {@code benchmarks/RESULTS.md} and its charts.
 *
 * <p>Run everything with {@code benchmarks/run.sh quick} (a few minutes) or {@code benchmarks/run.sh full}.
 */
package io.aurorakit.bench;
