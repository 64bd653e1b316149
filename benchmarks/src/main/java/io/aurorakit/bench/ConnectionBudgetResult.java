package io.aurorakit.bench;

import java.util.List;
import java.util.Map;

/**
 * What {@link ConnectionBudgetHarness} measured, as written to {@code results/connections.json} and read back by
 * {@link ResultsReport}.
 *
 * @param generatedAt ISO-8601 time the run finished
 * @param profile     {@code quick} or {@code full}
 * @param environment machine and versions
 * @param labTiming   the lab's timing profile (no failover happens in this measurement)
 * @param instances   cluster instances (writer + readers)
 * @param runs        one per preset and pool size
 */
record ConnectionBudgetResult(String generatedAt, String profile, Environment environment, String labTiming,
                              int instances, List<Run> runs) {

    /**
     * One data source after its warm-up.
     *
     * @param preset              the preset's URL name
     * @param poolSize            {@code maximumPoolSize}
     * @param pooled              connections HikariCP's pools held (every pool of the data source)
     * @param serverConnections   backends with the data source's application name, on every instance
     * @param perInstance         those backends by instance id
     * @param topologyQueriesPerSecond topology queries the wrapper sent per second while the application was idle
     *                            (pg_stat_statements on every instance over {@code idleSeconds})
     * @param topologyMicrosPerSecond  server execution time of those queries per second of wall time
     * @param idleSeconds         length of the idle window
     */
    record Run(String preset, int poolSize, int pooled, int serverConnections, Map<String, Integer> perInstance,
               double topologyQueriesPerSecond, double topologyMicrosPerSecond, int idleSeconds) {

        /** Server connections beyond what the pools hold: the wrapper's monitors and cached reader connections. */
        int beyondPools() {
            return serverConnections - pooled;
        }
    }
}
