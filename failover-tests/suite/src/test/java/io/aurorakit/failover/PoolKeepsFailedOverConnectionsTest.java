package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.Await;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabInstance;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 11: pool health. Connections in use during a planned failover are moved to the new writer by the wrapper
 * (08S02) and HikariCP keeps them (the wrapper's exception override) instead of evicting them en masse: no new
 * physical connection is created, and afterwards every pooled connection is on the new writer. After
 * {@code close()} the pool is empty, no {@code AWS Advanced JDBC Wrapper*} thread survives and no backend of ours is
 * left on any instance ({@code pg_stat_activity}, checked straight on each server).
 */
class PoolKeepsFailedOverConnectionsTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final int POOL = 4;

    @Test
    void failedOverConnectionsAreKeptAndCloseLeavesNothingBehind(AuroraLab lab) throws Exception {
        String app = "suite-s11-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicInteger created = new AtomicInteger();
        EventLog events = new EventLog();
        AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).maximumPoolSize(POOL)
                .property("ApplicationName", app).build();
        ExecutorService threads = Executors.newFixedThreadPool(POOL);
        try {
            HikariDataSource hikari = ds.unwrap(HikariDataSource.class);
            hikari.setMetricsTrackerFactory((pool, stats) -> new IMetricsTracker() {
                @Override
                public void recordConnectionCreatedMillis(long millis) {
                    created.incrementAndGet();
                }
            });
            String oldWriter = lab.writerId();
            CountDownLatch allBorrowed = new CountDownLatch(POOL);
            CountDownLatch failedOver = new CountDownLatch(1);
            List<Future<List<String>>> holders = new ArrayList<>();
            for (int i = 0; i < POOL; i++) {
                holders.add(threads.submit(() -> holdThroughFailover(ds, allBorrowed, failedOver)));
            }
            assertThat(allBorrowed.await(30, TimeUnit.SECONDS)).isTrue();
            HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
            assertThat(pool.getActiveConnections()).isEqualTo(POOL);
            int createdBefore = created.get();

            FailoverReport report = lab.failover();
            failedOver.countDown();
            String newWriter = report.newWriterId();
            for (Future<List<String>> holder : holders) {
                List<String> seen = holder.get(60, TimeUnit.SECONDS);
                assertThat(seen).as("one connection, before and after the failover").startsWith(oldWriter)
                        .endsWith(newWriter);
            }
            awaitIdle(pool, POOL);
            assertThat(created.get() - createdBefore).as("physical connections created after the failover")
                    .isZero();
            assertThat(pool.getTotalConnections()).isEqualTo(POOL);

            List<Connection> all = new ArrayList<>();
            try {
                for (int i = 0; i < POOL; i++) {
                    all.add(ds.getConnection());
                }
                for (Connection c : all) {
                    assertThat(LabQueries.instanceId(c)).as("every pooled connection is on the new writer")
                            .isEqualTo(newWriter);
                }
            } finally {
                for (Connection c : all) {
                    c.close();
                }
            }
            assertThat(created.get() - createdBefore).isZero();

            ds.close();
            assertThat(hikari.isClosed()).isTrue();
            assertThat(WrapperThreads.awaitNone(Duration.ofSeconds(10))).as("wrapper threads after close()").isEmpty();
            for (LabInstance instance : lab.instances()) {
                assertThat(awaitNoBackends(lab, instance.id(), app)).as("backends of ours on %s", instance.id())
                        .isZero();
            }
            FailoverTimings.record(lab, ScenarioTiming.of("11-pool-health",
                            "failover() with " + POOL + " connections in use; physical connections created after: "
                                    + (created.get() - createdBefore))
                    .outageMs(report.timeTo(FailoverReport.WRITER_AVAILABLE).orElseThrow().toMillis())
                    .retries(ds.stats().retries()));
        } finally {
            threads.shutdownNow();
            ds.close();
        }
    }

    /**
     * Borrows one connection and queries on it until it reports a different instance after the failover; 08S02
     * (the wrapper moved it) is expected once. Returns the instance ids it saw, in order.
     */
    private static List<String> holdThroughFailover(AuroraDataSource ds, CountDownLatch allBorrowed,
                                                    CountDownLatch failedOver) throws Exception {
        List<String> seen = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            seen.add(LabQueries.instanceId(c));
            allBorrowed.countDown();
            failedOver.await(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                try {
                    String id = LabQueries.instanceId(c);
                    if (!id.equals(seen.get(seen.size() - 1))) {
                        seen.add(id);
                        return seen;
                    }
                } catch (SQLException e) {
                    if (!"08S02".equals(e.getSQLState())) {
                        throw e;
                    }
                }
                Thread.sleep(20);
            }
        }
        return seen;
    }

    private static void awaitIdle(HikariPoolMXBean pool, int idle) throws InterruptedException {
        Await.until(Duration.ofSeconds(10), () -> pool.getIdleConnections() == idle);
    }

    private static long awaitNoBackends(AuroraLab lab, String instance, String app) throws Exception {
        return Await.value(Duration.ofSeconds(10), () -> LabQueries.backends(lab, instance, app), n -> n == 0);
    }
}
