package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.measure.LoadTable;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 16: failover with TLS on. The data source connects with {@code sslmode=verify-full} and the lab's root CA
 * ({@code sslrootcert}), so every connection the wrapper opens - to the cluster endpoint first, to instance endpoints
 * during failover - verifies the server's certificate against the Aurora-style name. After a planned failover and
 * after a writer crash the next write lands on the new writer, encrypted ({@code pg_stat_ssl}), and every backend the
 * application holds on the new writer is encrypted too.
 */
class TlsFailoverTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final String TABLE = "s16_tls_writes";
    private static final Duration MAX_OUTAGE = Duration.ofSeconds(10);

    /** Where a write landed and whether its connection was encrypted. */
    private record Landing(String instance, boolean ssl) {
    }

    @Test
    void writesContinueOnTheNewWriterOverVerifiedTls(AuroraLab lab) throws Exception {
        String app = "s16-tls-" + UUID.randomUUID().toString().substring(0, 8);
        EventLog events = new EventLog();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events)
                .property("sslmode", "verify-full")
                .property("sslrootcert", lab.rootCertificate().toString())
                .property("ApplicationName", app).build()) {
            ds.writeIdempotent(LabSql.createTable(TABLE));
            assertThat(ds.write(insert("before"))).isEqualTo(new Landing(lab.writerId(), true));

            List<String> outages = new ArrayList<>();
            long maxOutageMs = 0;
            for (Fault fault : List.of(new Fault("planned", lab::failover), new Fault("crash", lab::crashWriter))) {
                String oldWriter = lab.writerId();
                FailoverReport report = fault.inject().get();
                Instant faultAt = report.phases().values().stream().min(Comparator.naturalOrder()).orElseThrow();

                List<SQLException> failures = new ArrayList<>();
                Landing landing = null;
                String key = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                for (int attempt = 0; landing == null && System.nanoTime() < deadline; attempt++) {
                    key = "after-" + fault.name() + "-" + attempt;
                    try {
                        landing = ds.write(insert(key));
                    } catch (SQLException e) {
                        failures.add(e);
                    }
                }
                Duration outage = Duration.between(faultAt, Instant.now());

                assertThat(report.writerChanged()).as("%s moved the writer", fault.name()).isTrue();
                assertThat(landing).as("a write after %s succeeded; failures: %s", fault.name(), failures)
                        .isEqualTo(new Landing(report.newWriterId(), true));
                assertThat(report.newWriterId()).isNotEqualTo(oldWriter);
                assertThat(outage).as("%s to first acknowledged write over TLS", fault.name()).isLessThan(MAX_OUTAGE);
                assertThat(LabQueries.count(lab, report.newWriterId(),
                        "SELECT count(*) FROM " + TABLE + " WHERE k = '" + key + "'")).isEqualTo(1);
                assertThat(plainBackends(lab, report.newWriterId(), app))
                        .as("the application's unencrypted backends on the new writer").isZero();
                assertThat(LabQueries.backends(lab, report.newWriterId(), app))
                        .as("the application's backends on the new writer").isPositive();
                outages.add(fault.name() + " " + outage.toMillis() + " ms");
                maxOutageMs = Math.max(maxOutageMs, outage.toMillis());
            }
            assertThat(LabQueries.count(lab, lab.writerId(), "SELECT count(*) FROM " + TABLE + " WHERE k = 'before'"))
                    .as("the write before both failovers survived").isEqualTo(1);

            FailoverTimings.record(lab, ScenarioTiming.of("16-tls-failover",
                            "failover() then crashWriter() with sslmode=verify-full; fault to first write: " + outages)
                    .outageMs(maxOutageMs).retries(ds.stats().retries()));
        }
    }

    private static io.aurorakit.SqlWork<Landing> insert(String key) {
        return c -> new Landing(LoadTable.insert(c, TABLE, key), LabQueries.ssl(c));
    }

    private static long plainBackends(AuroraLab lab, String instance, String app) throws SQLException {
        return LabQueries.count(lab, instance, "SELECT count(*) FROM pg_catalog.pg_stat_activity a"
                + " JOIN pg_catalog.pg_stat_ssl s USING (pid) WHERE NOT s.ssl AND a.application_name = '" + app + "'");
    }

    private record Fault(String name, Supplier<FailoverReport> inject) {
    }
}
