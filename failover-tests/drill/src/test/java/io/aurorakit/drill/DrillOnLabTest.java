package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drill end to end on a real embedded lab: a writer crash under load, every acknowledged write read back, the
 * report written as JSON and PNG.
 */
class DrillOnLabTest {

    @Test
    void writerCrashDrillPassesAndReportsWhatHappened(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("drill.json");
        Path plot = dir.resolve("drill.png");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = DrillCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "--warmup", "2s", "--after", "4s", "--rate", "25", "--json", json.toString(), "--plot", plot.toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code; stdout:%n%s%nstderr:%n%s", printed, err).isEqualTo(DrillCommand.PASS);
        assertThat(printed).contains("writes lost                  0", "PASS").containsPattern("t=\\s+\\d+s\\s+writes ok");

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("writesLost").asLong()).isZero();
        assertThat(report.get("duplicates").asLong()).isZero();
        assertThat(report.get("recovered").asBoolean()).isTrue();
        assertThat(report.get("writesAcknowledged").asLong()).isGreaterThan(50);
        assertThat(report.get("readsOk").asLong()).isGreaterThan(50);
        assertThat(report.get("detectionMs").asLong()).as("the wrapper's detection").isBetween(0L, 10_000L);
        assertThat(report.get("applicationNoticedMs").asLong()).isBetween(report.get("detectionMs").asLong(), 10_000L);
        assertThat(report.get("writeOutageMs").asLong()).isBetween(1L, 10_000L);
        List<String> events = new ArrayList<>();
        report.get("timeline").forEach(event -> events.add(event.get("name").asText()));
        assertThat(events).contains("fault injected", "promoted", "old-writer-rejoined", "wrapper starts writer failover",
                "application notices the failure", "writes resume (end of the write outage)");
        assertThat(report.get("throughput").size()).isGreaterThan(10);
        List<Long> times = new ArrayList<>();
        report.get("timeline").forEach(event -> times.add(event.get("atMs").asLong()));
        assertThat(times).as("timeline in time order").isSorted();
        assertThat(events.indexOf("fault injected")).as("nothing of the fault is listed before it")
                .isLessThan(events.indexOf("requested")).isLessThan(events.indexOf("promoted"));
        assertThat(printed).contains("JSON report: " + json, "Plot: " + plot);
        assertThat(printed).contains("What the writer was waiting on (average active sessions; the lab's Performance"
                + " Insights", "  before the fault: instance-1, ", "    wait events", "    SQL");
        JsonNode waits = report.get("writerWaits");
        assertThat(waits.get("before").get("instance").asText()).isEqualTo("instance-1");
        assertThat(waits.get("after").get("instance").asText()).as("the promoted reader").isNotEqualTo("instance-1");
        assertThat(waits.get("after").get("toMs").asLong()).isGreaterThan(waits.get("after").get("fromMs").asLong());

        byte[] png = Files.readAllBytes(plot);
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    /**
     * The real-cluster mode ({@code --url}, {@code --trigger manual}) against a lab started by the test, which plays
     * the operator: it fails the cluster over once the drill asks for it.
     */
    @Test
    void urlModeWaitsForTheOperatorsFailoverAndVerifiesTheWrites(@TempDir Path dir) throws Exception {
        try (AuroraLab lab = AuroraLab.builder().readers(1).start()) {
            Path json = dir.resolve("cluster.json");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream printer = new PrintStream(out, true, StandardCharsets.UTF_8);
            CompletableFuture<Void> operator = CompletableFuture.runAsync(() -> {
                try {
                    if (!Await.until(Duration.ofSeconds(60),
                            () -> out.toString(StandardCharsets.UTF_8).contains(">>> trigger the failover now"))) {
                        throw new IllegalStateException("the drill never asked for the failover");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                sleep(1000);
                lab.failover();
            });

            int code = DrillCommand.execute(printer, printer, Map.of("LAB_PASSWORD", lab.password())::get,
                    "--url", lab.jdbcUrl(), "--user", lab.user(), "--password-env", "LAB_PASSWORD",
                    "--warmup", "2s", "--after", "4s", "--rate", "25", "--manual-wait", "60s",
                    "--json", json.toString());

            operator.get(10, TimeUnit.SECONDS);
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(code).as(printed).isEqualTo(DrillCommand.PASS);
            assertThat(printed).doesNotContain(lab.password()).contains("PASS")
                    .contains("Aurora PostgreSQL at jdbc:aurora:postgresql://" + lab.clusterEndpoint(), ", writer instance-1")
                    .contains("aurora-kit drill: operator-triggered failover")
                    .contains("Summary: operator-triggered failover on cluster")
                    .doesNotContain("crash");
            JsonNode report = new ObjectMapper().readTree(json.toFile());
            assertThat(report.get("fault").asText()).isEqualTo("operator-triggered failover");
            assertThat(report.get("target").asText()).startsWith("cluster jdbc:aurora:postgresql://");
            assertThat(report.get("writesLost").asLong()).isZero();
            assertThat(printed).contains("What the writer was waiting on (average active sessions; sampled once a"
                    + " second from pg_stat_activity through the cluster endpoint)", "  before the fault: instance-1");
            assertThat(report.get("writerWaits").get("after").get("instance").asText()).isEqualTo("instance-2");
            List<String> events = new ArrayList<>();
            report.get("timeline").forEach(event -> events.add(event.get("name").asText()));
            assertThat(events).anyMatch(name -> name.startsWith("writer changed: instance-1 -> instance-2"));
            try (java.sql.Connection c = lab.connectDirect(lab.writerId());
                 java.sql.ResultSet tables = c.createStatement().executeQuery(
                         "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'aurora_kit_drill_%'")) {
                tables.next();
                assertThat(tables.getInt(1)).as("the drill drops its table").isZero();
            }
        }
    }

    /** A --url endpoint that answers but is not an Aurora writer stops before the run, with one line naming --url. */
    @Test
    void urlThatIsNotAnAuroraWriterIsRejectedBeforeTheRun() throws Exception {
        try (AuroraLab lab = AuroraLab.builder().readers(1).start()) {
            try (java.sql.Connection c = lab.connectDirect(lab.writerId())) {
                c.createStatement().execute("CREATE DATABASE plain_pg TEMPLATE template0");
            }
            String plain = "jdbc:aurora:postgresql://" + lab.clusterEndpoint() + ":" + lab.port() + "/plain_pg";
            String reader = "jdbc:aurora:postgresql://" + lab.readerEndpoint() + ":" + lab.port() + "/" + lab.database();
            for (Map.Entry<String, String> target : Map.of(plain, "is not Aurora PostgreSQL", reader, "is a reader")
                    .entrySet()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = DrillCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("LAB_PASSWORD", lab.password())::get,
                        "--url", target.getKey(), "--user", lab.user(), "--password-env", "LAB_PASSWORD");

                String printed = err.toString(StandardCharsets.UTF_8);
                assertThat(code).as(printed + out).isEqualTo(DrillCommand.USAGE);
                assertThat(printed.lines()).hasSize(1);
                assertThat(printed).startsWith("drill: --url: ").contains(target.getValue());
                assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("aurora-kit drill:");
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
