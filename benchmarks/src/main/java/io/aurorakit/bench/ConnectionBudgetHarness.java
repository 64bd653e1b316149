package io.aurorakit.bench;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.Preset;
import io.aurorakit.lab.Await;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.LabInstance;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.LabTiming;
import io.aurorakit.retry.FailoverListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How many server connections one application instance holds, per preset and pool size, on a lab of 1 writer + 2
 * readers: an {@link AuroraDataSource} (its own application name) runs a warm-up in which as many threads as the pool
 * has connections each run {@code write()} and {@code read()} calls together, so every pooled connection serves both;
 * then the backends carrying its application name are counted on every instance and compared with what HikariCP's
 * pools hold. The rest is the AWS wrapper's: its topology monitor, one failure-detection monitor per instance used,
 * and the reader connections its read/write splitting caches per pooled connection. While the application then
 * idles, {@code pg_stat_statements} on every instance gives the topology monitor's polling rate and its server time.
 *
 * <pre>
 * java -Djdk.net.hosts.file=/tmp/lab.hosts -Dsun.net.inetaddr.ttl=0 -cp benchmarks.jar \
 *     io.aurorakit.bench.ConnectionBudgetHarness --profile quick --out results/connections.json
 * </pre>
 */
public final class ConnectionBudgetHarness {

    private static final int READERS = 2;
    private static final int CALLS_PER_THREAD = 20;
    private static final String TABLE = "budget_items";

    private final String profile;
    private final List<Integer> poolSizes;
    private final int idleSeconds;

    ConnectionBudgetHarness(String profile) {
        this.profile = profile;
        switch (profile) {
            case "quick" -> {
                poolSizes = List.of(10, 50);
                idleSeconds = 5;
            }
            case "full" -> {
                poolSizes = List.of(10, 50, 100);
                idleSeconds = 10;
            }
            case "smoke" -> {
                poolSizes = List.of(2);
                idleSeconds = 1;
            }
            default -> throw new IllegalArgumentException("--profile '" + profile + "' is unknown; expected quick or"
                    + " full");
        }
    }

    public static void main(String[] args) throws Exception {
        HarnessArgs cli = HarnessArgs.parse("ConnectionBudgetHarness", "connections.json", args);
        Path out = cli.out();
        cli.write(new ConnectionBudgetHarness(cli.profile()).run());
        System.out.println("connections: written to " + out);
    }

    ConnectionBudgetResult run() throws Exception {
        try (AuroraLab lab = AuroraLab.builder().readers(READERS).clusterName("budget").tls(false).start()) {
            String postgresVersion = LabQueries.queryStringOn(lab, lab.writerId(), "SHOW server_version");
            try (Connection c = lab.connectDirect(lab.writerId()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + TABLE + " (id bigserial PRIMARY KEY, v text)");
            }
            List<ConnectionBudgetResult.Run> runs = new ArrayList<>();
            for (Preset preset : Preset.values()) {
                for (int poolSize : poolSizes) {
                    ConnectionBudgetResult.Run run = measure(lab, preset, poolSize);
                    runs.add(run);
                    System.out.printf("connections: %s pool %d: %d on the server, %d pooled, %d beyond the pools %s;"
                                    + " topology %.2f queries/s, %.0f us/s%n", run.preset(), poolSize,
                            run.serverConnections(), run.pooled(), run.beyondPools(), run.perInstance(),
                            run.topologyQueriesPerSecond(), run.topologyMicrosPerSecond());
                }
            }
            return new ConnectionBudgetResult(Instant.now().toString(), profile,
                    Environment.current(postgresVersion), LabTiming.FAST.toString(), READERS + 1, runs);
        }
    }

    private ConnectionBudgetResult.Run measure(AuroraLab lab, Preset preset, int poolSize) throws Exception {
        String app = "budget-" + preset.urlName() + "-" + poolSize;
        ConnectionBudgetResult.Run run;
        // its own clusterId: the wrapper's topology monitor of an earlier data source on this cluster stays stopped
        try (AuroraDataSource ds = ClientPools.auroraKit(lab, preset, Map.of("ApplicationName", app,
                "maximumPoolSize", Integer.toString(poolSize), "clusterId", app), FailoverListener.NO_OP)) {
            warmUp(ds, poolSize);
            Map<String, Integer> perInstance = new LinkedHashMap<>();
            int server = 0;
            for (LabInstance instance : lab.instances()) {
                int n = (int) LabQueries.backends(lab, instance.id(), app);
                perInstance.put(instance.id(), n);
                server += n;
            }
            int pooled = 0;
            for (HikariDataSource pool : ds.pools().values()) {
                HikariPoolMXBean bean = pool.getHikariPoolMXBean();
                pooled += bean == null ? 0 : bean.getTotalConnections();
            }
            double[] topology = topologyPolling(lab, app);
            run = new ConnectionBudgetResult.Run(preset.urlName(), poolSize, pooled, server, perInstance,
                    topology[0], topology[1], idleSeconds);
        }
        // the next data source starts from a cluster without this one's connections (wrapper monitors included)
        Await.until(Duration.ofSeconds(60), () -> lab.instances().stream().allMatch(i -> backendsOrZero(lab, i, app)));
        return run;
    }

    private static boolean backendsOrZero(AuroraLab lab, LabInstance instance, String app) {
        try {
            return LabQueries.backends(lab, instance.id(), app) == 0;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * {@code threads} threads run {@code write()} and then {@code read()} {@link #CALLS_PER_THREAD} times; in the
     * first round of each, every thread waits inside its work until all hold a pooled connection, so every pooled
     * connection serves a write and a read.
     */
    private static void warmUp(AuroraDataSource ds, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier writes = new CyclicBarrier(threads);
        CyclicBarrier reads = new CyclicBarrier(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        boolean together = i == 0;
                        ds.write(c -> {
                            try (Statement s = c.createStatement()) {
                                s.executeUpdate("INSERT INTO " + TABLE + " (v) VALUES ('x')");
                            }
                            return together ? await(writes) : 0;
                        });
                        ds.read(c -> LabQueries.queryString(c, "SELECT count(*) FROM " + TABLE)
                                + (together ? await(reads) : 0));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int await(CyclicBarrier barrier) {
        try {
            return barrier.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in the warm-up", e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the warm-up's threads did not all get a pooled connection", e);
        }
    }

    /** {queries per second, server microseconds per second} of the wrapper's topology query over the idle window. */
    private double[] topologyPolling(AuroraLab lab, String app) throws Exception {
        String sql = "SELECT coalesce(sum(calls), 0), coalesce(sum(total_exec_time), 0) FROM pg_stat_statements"
                + " WHERE query LIKE '%aurora_replica_status%' AND query LIKE '%SERVER_ID%'";
        double[] before = statements(lab, sql);
        long t0 = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        double[] after = statements(lab, sql);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new double[] {(after[0] - before[0]) / seconds, (after[1] - before[1]) * 1000 / seconds};
    }

    /** The sums over every instance (the monitor may be connected to any). */
    private static double[] statements(AuroraLab lab, String sql) throws SQLException {
        double[] sums = new double[2];
        for (LabInstance instance : lab.instances()) {
            try (Connection c = lab.connectDirect(instance.id()); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery(sql)) {
                r.next();
                sums[0] += r.getDouble(1);
                sums[1] += r.getDouble(2);
            }
        }
        return sums;
    }
}
