package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.LabTiming;
import io.aurorakit.lab.TopologySampler;
import io.aurorakit.lab.TopologyTransient;
import io.aurorakit.lab.TopologyView;
import io.aurorakit.retry.FailureKind;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * The scenario the topology-transient classes share: on a lab with the suite's realistic timing
 * ({@link LabTiming#AURORA_MIN}) and
 * one {@link TopologyTransient} enabled, the writer crashes while a non-idempotent {@code write()} is in flight (before
 * COMMIT). The lab serves the transient right after the promotion; a sampler reading every node's topology straight
 * on its server proves it was served. aurora-kit must ride it out: the work runs again and commits exactly once, on
 * the true writer; the write committed before the crash is kept; no outcome-unknown; the next write lands on the true
 * writer too.
 */
final class TopologyTransientScenario {

    /** How long the transient lasts after the promotion. */
    static final Duration WINDOW = Duration.ofSeconds(3);

    private TopologyTransientScenario() {
    }

    /** The lab configuration of a scenario: 2 readers, the suite's timing, {@code kind} for {@link #WINDOW}. */
    static AuroraLab.Builder lab(AuroraLab.Builder b, TopologyTransient kind) {
        return b.readers(2).topologyTransient(kind, WINDOW);
    }

    /**
     * Runs the scenario and returns the crash's report.
     *
     * @param served whether a sampled view shows the transient, given the new writer's id
     */
    static Result ridesOut(AuroraLab lab, String scenario, String table, BiPredicate<TopologyView, String> served)
            throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        EventLog events = new EventLog();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).build()) {
            ds.writeIdempotent(LabSql.createTable(table));
            String before = ds.write(LabSql.insert(table, "before"));
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch inFlight = new CountDownLatch(1);
            Future<String> write = executor.submit(() -> ds.write(c -> {
                int run = runs.incrementAndGet();
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO " + table + " (k, writer) VALUES ('cut', "
                            + "pg_catalog.aurora_db_instance_identifier())");
                    if (run == 1) {
                        inFlight.countDown();
                        s.execute("SELECT pg_catalog.pg_sleep(30)");
                    }
                }
                return LabQueries.instanceId(c);
            }));
            assertThat(inFlight.await(20, TimeUnit.SECONDS)).as("the transaction started").isTrue();
            assertThat(lab.awaitActiveStatement(lab.writerId(), "pg_sleep(30)", Duration.ofSeconds(10)))
                    .as("the long statement runs on the writer").isTrue();

            FailoverReport report;
            String landedOn;
            Instant acknowledged;
            List<TopologySampler.Sample> samples;
            try (TopologySampler sampler = TopologySampler.start(lab, Duration.ofMillis(50))) {
                report = lab.crashWriter();
                landedOn = write.get(60, TimeUnit.SECONDS);
                acknowledged = Instant.now();
                samples = sampler.samples();
            }
            String newWriter = report.newWriterId();
            assertThat(report.writerChanged()).isTrue();
            assertThat(samples).as("the lab served the transient").anyMatch(s -> served.test(s.view(), newWriter));

            assertThat(landedOn).as("the work completed on the true writer").isEqualTo(newWriter);
            assertThat(runs.get()).as("run again: nothing was committed before COMMIT").isGreaterThanOrEqualTo(2);
            assertThat(rows(lab, newWriter, table, "cut")).as("committed exactly once").isEqualTo(1);
            assertThat(rows(lab, newWriter, table, "before")).as("the earlier commit is kept").isEqualTo(1);
            assertThat(events.ofKind(FailureKind.OUTCOME_UNKNOWN)).isEmpty();
            assertThat(events.ofKind(FailureKind.CONNECTION_CHANGED)).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.retrying()).isTrue());
            assertThat(ds.write(LabSql.insert(table, "after"))).as("the next write").isEqualTo(newWriter);
            assertThat(rows(lab, newWriter, table, "after")).isEqualTo(1);
            assertThat(before).isEqualTo(report.oldWriterId());
            Instant crashed = report.phase(FailoverReport.CRASHED).orElseThrow();
            FailoverTimings.record(lab, ScenarioTiming.of(scenario, "crashWriter during a write, then "
                            + lab.topologyTransients() + " after the promotion")
                    .outageMs(Duration.between(crashed, acknowledged).toMillis()).retries(ds.stats().retries())
                    .writes(3, 0, 0));
            return new Result(report, acknowledged, runs.get());
        } finally {
            executor.shutdownNow();
        }
    }

    /** What a scenario saw: the crash's report, when the cut work was acknowledged, how often it ran. */
    record Result(FailoverReport report, Instant acknowledged, int runs) {

        Instant promoted() {
            return report.phase(FailoverReport.PROMOTED).orElseThrow();
        }
    }

    private static long rows(AuroraLab lab, String instance, String table, String key) throws SQLException {
        return LabQueries.count(lab, instance, "SELECT count(*) FROM " + table + " WHERE k = '" + key + "'");
    }
}
