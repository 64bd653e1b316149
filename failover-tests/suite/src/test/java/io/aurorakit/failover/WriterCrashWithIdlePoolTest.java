package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.Await;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.retry.FailoverEvent;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 1: the writer is killed (kill -9) while the pool is idle; the next {@code write()} succeeds on the new
 * writer, and the outage the application sees (crash to first acknowledged write) stays well under 10 s.
 */
class WriterCrashWithIdlePoolTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final String TABLE = "s1_writes";
    private static final Duration MAX_OUTAGE = Duration.ofSeconds(10);

    @Test
    void nextWriteSucceedsOnTheNewWriter(AuroraLab lab) throws Exception {
        EventLog events = new EventLog();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            String oldWriter = lab.writerId();
            assertThat(ds.write(LabSql.insert(TABLE, "before-crash"))).isEqualTo(oldWriter);
            Thread.sleep(600); // idle: HikariCP validates connections idle for more than 500 ms on borrow

            CompletableFuture<FailoverReport> crash = CompletableFuture.supplyAsync(lab::crashWriter);
            awaitDead(lab, oldWriter);

            List<SQLException> failures = new ArrayList<>();
            String landedOn = null;
            String key = null;
            Instant acknowledged = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int attempt = 0; landedOn == null && System.nanoTime() < deadline; attempt++) {
                key = "after-crash-" + attempt;
                try {
                    landedOn = ds.write(LabSql.insert(TABLE, key));
                    acknowledged = Instant.now();
                } catch (SQLException e) {
                    failures.add(e);
                }
            }
            FailoverReport report = crash.get(60, TimeUnit.SECONDS);
            Instant crashed = report.phase(FailoverReport.CRASHED).orElseThrow();

            assertThat(landedOn).as("a write after the crash succeeded; failures: %s", failures).isNotNull();
            assertThat(report.writerChanged()).isTrue();
            assertThat(landedOn).as("the write landed on the new writer").isEqualTo(report.newWriterId())
                    .isNotEqualTo(oldWriter);
            Duration outage = Duration.between(crashed, acknowledged);
            assertThat(outage).as("crash to first acknowledged write").isLessThan(MAX_OUTAGE);
            assertThat(rows(lab, report.newWriterId(), key)).as("the acknowledged write, once").isEqualTo(1);
            assertThat(rows(lab, report.newWriterId(), "before-crash")).as("the write before the crash survived")
                    .isEqualTo(1);

            Long detection = events.all().stream().map(FailoverEvent::time).findFirst()
                    .map(t -> Duration.between(crashed, t).toMillis()).orElse(null);
            ScenarioTiming timing = ScenarioTiming.of("1-writer-crash-idle-pool", "crashWriter (kill -9), idle pool")
                    .outageMs(outage.toMillis()).retries(ds.stats().retries() + failures.size()).writes(2, 0, 0);
            FailoverTimings.record(lab, detection == null ? timing : timing.detectionMs(detection));
        }
    }

    private static void awaitDead(AuroraLab lab, String id) throws InterruptedException {
        Await.until(Duration.ofSeconds(10), () -> lab.postmasterPid(id).isEmpty());
    }

    private static long rows(AuroraLab lab, String instance, String key) throws SQLException {
        return LabQueries.count(lab, instance, "SELECT count(*) FROM " + TABLE + " WHERE k = '" + key + "'");
    }
}
