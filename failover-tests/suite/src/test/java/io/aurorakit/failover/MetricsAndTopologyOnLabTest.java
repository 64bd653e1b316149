package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.ClusterTopology;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.Await;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabInstance;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.measure.LoadTable;
import io.aurorakit.metrics.AuroraMetrics;
import io.aurorakit.retry.CallOutcome;
import io.aurorakit.retry.FailoverStats;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #14 items 3 and 4 on a real lab: {@link AuroraMetrics} bound to a registry (twice) while a write loop rides out
 * a writer crash, and {@link AuroraDataSource#topology()} before and after. The meters must show the failover, the
 * re-runs and the calls by outcome exactly as {@code ds.stats()} and the loop counted them (once, not twice), a
 * failover in progress while work was being re-run, and HikariCP's pool meters tagged with the pool name; the topology
 * must name the lab's writer and readers, with lag, before and after the failover. A database without Aurora's
 * functions (created from {@code template0}) is reported as plain PostgreSQL.
 */
class MetricsAndTopologyOnLabTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final String TABLE = "mx_writes";

    @Test
    void metersAndTopologyFollowAWriterCrashUnderWrites(AuroraLab lab) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).build()) {
            new AuroraMetrics(ds).bindTo(registry);
            new AuroraMetrics(ds).bindTo(registry); // a second binding must not count anything twice
            ds.writeIdempotent(LabSql.createTable(TABLE));
            AtomicLong calls = new AtomicLong(1);
            String oldWriter = lab.writerId();

            ClusterTopology before = ds.topology();
            assertThat(before.topologyAvailable()).isTrue();
            assertThat(before.writerId()).isEqualTo(oldWriter);
            assertThat(before.readerIds()).containsExactlyInAnyOrderElementsOf(liveReaders(lab));
            assertThat(before.readers()).allSatisfy(r -> {
                assertThat(r.lagMs()).as("lag of %s", r.id()).isBetween(0.0, 60_000.0);
                assertThat(r.lastUpdate()).as("last update of %s", r.id()).isPresent();
            });
            assertThat(before.failoverInProgress()).isFalse();
            assertThat(before.lastFailoverEvent()).isEmpty();

            // The loop's work reads the in-progress gauge itself: on a re-run it must already say 1 or more.
            AtomicLong maxInProgressSeen = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            List<String> landedOn = new CopyOnWriteArrayList<>();
            List<SQLException> failures = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String key = "w-" + i;
                    calls.incrementAndGet();
                    try {
                        landedOn.add(ds.writeIdempotent(c -> {
                            maxInProgressSeen.accumulateAndGet(
                                    (long) registry.get("aurora.failover.in.progress").gauge().value(), Math::max);
                            return LoadTable.insert(c, TABLE, key);
                        }));
                    } catch (SQLException e) {
                        failures.add(e);
                    }
                }
            });
            assertThat(Await.until(Duration.ofSeconds(30), () -> landedOn.size() >= 5)).as("writes before the crash")
                    .isTrue();

            FailoverReport report = lab.crashWriter();
            String newWriter = report.newWriterId();
            assertThat(report.writerChanged()).isTrue();
            assertThat(Await.until(Duration.ofSeconds(30), () -> landedOn.stream().filter(newWriter::equals).count()
                    >= 5)).as("writes on the new writer %s; failures %s", newWriter, failures).isTrue();
            stop.set(true);
            loop.get(60, TimeUnit.SECONDS);

            FailoverStats stats = ds.stats();
            double failovers = count(registry, "aurora.failovers", "connection_changed")
                    + count(registry, "aurora.failovers", "outcome_unknown");
            assertThat(failovers).as("failovers seen (stats %s)", stats).isPositive()
                    .isEqualTo(stats.failovers() + stats.outcomeUnknown());
            assertThat(count(registry, "aurora.retries", null)).isPositive().isEqualTo(stats.retries());
            assertThat(count(registry, "aurora.attempts", null)).isEqualTo(stats.attempts());
            assertThat(count(registry, "aurora.retries.exhausted", null)).isEqualTo(stats.exhausted());
            assertThat(registry.find("aurora.retry.delay").timers().stream().mapToLong(t -> t.count()).sum())
                    .as("one delay per re-run").isEqualTo(stats.retries());
            double allCalls = Arrays.stream(CallOutcome.values()).mapToDouble(o -> count(registry, "aurora.calls",
                    o.tag())).sum();
            assertThat(allCalls).as("every call counted once").isEqualTo(calls.get());
            assertThat(count(registry, "aurora.calls", CallOutcome.SUCCESSFUL_WITHOUT_RETRY.tag())).isPositive();
            assertThat(count(registry, "aurora.calls", CallOutcome.SUCCESSFUL_WITH_RETRY.tag())
                    + count(registry, "aurora.calls", CallOutcome.FAILED_WITH_RETRY.tag()))
                    .as("calls that were re-run").isPositive();
            assertThat(count(registry, "aurora.calls", CallOutcome.FAILED_WITH_RETRY.tag())
                    + count(registry, "aurora.calls", CallOutcome.FAILED_WITHOUT_RETRY.tag()))
                    .as("failed calls, as the loop saw them").isEqualTo(failures.size());
            assertThat(registry.find("aurora.work.duration").timers().stream().mapToLong(t -> t.count()).sum())
                    .as("one duration per call").isEqualTo(calls.get());
            if (count(registry, "aurora.calls", CallOutcome.SUCCESSFUL_WITH_RETRY.tag()) > 0) {
                assertThat(maxInProgressSeen.get()).as("failover in progress, seen by a successful re-run")
                        .isPositive();
            }
            assertThat(registry.get("aurora.failover.in.progress").gauge().value()).as("over").isZero();

            String pool = ds.pools().get("writer").getPoolName();
            assertThat(registry.get("hikaricp.connections.acquire").tag("pool", pool).timer().count())
                    .as("HikariCP's acquire timer of %s", pool).isPositive();
            assertThat(registry.get("hikaricp.connections.max").tag("pool", pool).gauge().value())
                    .isEqualTo(LabDataSources.POOL_SIZE);
            assertThat(registry.getMeters().stream().map(Meter::getId).filter(id -> id.getName().startsWith("aurora."))
                    .map(id -> id.getTag("cluster")).collect(Collectors.toSet()))
                    .containsExactly(ds.config().clusterId());

            ClusterTopology after = Await.value(Duration.ofSeconds(30), ds::topology,
                    t -> t.writerId().equals(lab.writerId()) && Set.copyOf(t.readerIds()).equals(liveReaders(lab)));
            assertThat(after.writerId()).isEqualTo(newWriter).isEqualTo(lab.writerId()).isNotEqualTo(oldWriter);
            assertThat(after.readerIds()).containsExactlyInAnyOrderElementsOf(liveReaders(lab)).contains(oldWriter);
            assertThat(after.readers()).allSatisfy(r -> assertThat(r.lagMs()).isBetween(0.0, 60_000.0));
            assertThat(after.failoverInProgress()).isFalse();
            Instant crashed = report.phase(FailoverReport.CRASHED).orElseThrow();
            assertThat(after.lastFailoverEvent()).hasValueSatisfying(t -> assertThat(t).isAfter(crashed));
        }
    }

    @Test
    void aDatabaseWithoutAuroraFunctionsIsReportedAsPlainPostgres(AuroraLab lab) throws Exception {
        String writer = lab.writerId();
        try (Connection c = lab.connectDirect(writer); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS mx_plain");
            s.execute("CREATE DATABASE mx_plain TEMPLATE template0"); // without the lab's Aurora functions
        }
        URI direct = URI.create(lab.directJdbcUrl(writer).substring("jdbc:".length()));
        try (AuroraDataSource plain = AuroraDataSource.builder().clusterEndpoint(direct.getHost(), direct.getPort())
                .database("mx_plain").user(lab.user()).password(lab.password()).property("sslmode", "disable")
                .build();
                AuroraDataSource aurora = AuroraDataSource.builder()
                        .clusterEndpoint(direct.getHost(), direct.getPort()).database(lab.database())
                        .user(lab.user()).password(lab.password()).property("sslmode", "disable").build()) {
            ClusterTopology t = plain.topology();
            assertThat(t.topologyAvailable()).isFalse();
            assertThat(t.writerId()).isEqualTo(direct.getHost());
            assertThat(t.readers()).isEmpty();
            String database = plain.write(c -> LabQueries.queryString(c, "SELECT current_database()"));
            assertThat(database).as("the pool still works after the failed lookup").isEqualTo("mx_plain");

            ClusterTopology onLabDatabase = aurora.topology();
            assertThat(onLabDatabase.topologyAvailable()).as("same server, database with the functions").isTrue();
            assertThat(onLabDatabase.writerId()).isEqualTo(writer);
            assertThat(onLabDatabase.readerIds()).containsExactlyInAnyOrderElementsOf(liveReaders(lab));
        }
    }

    private static Set<String> liveReaders(AuroraLab lab) {
        return lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER && i.alive())
                .map(LabInstance::id).collect(Collectors.toSet());
    }

    /** A function counter's count; {@code kind} null for meters without that tag. */
    private static double count(SimpleMeterRegistry registry, String name, String kind) {
        return (kind == null ? registry.get(name) : registry.get(name).tag("kind", kind)).functionCounter().count();
    }
}
