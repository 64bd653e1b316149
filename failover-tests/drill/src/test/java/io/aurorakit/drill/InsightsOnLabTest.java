package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.measure.LoadClient;
import io.aurorakit.measure.LoadTable;
import io.aurorakit.measure.Workload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./drill insights} end to end on a lab with Performance Insights on, under the drill's workload: a deliberately
 * slow query and a real lock wait on the writer show up at the top of both lists, whether the drill samples
 * {@code pg_stat_activity} itself or reads the lab's PI API.
 */
class InsightsOnLabTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(1).performanceInsights(true));

    private static final String PASSWORD_VARIABLE = "LAB_PASSWORD";
    private static final String TABLE = "insights_accounts";

    private final List<Connection> connections = new ArrayList<>();
    private final List<Statement> running = new ArrayList<>();

    @BeforeEach
    void dummyCredentials() {
        System.setProperty("aws.accessKeyId", LabSheet.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LabSheet.SECRET_KEY);
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @AfterEach
    void release() {
        for (Statement statement : running) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // already done
            }
        }
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException e) {
                // gone
            }
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void aSlowQueryAndALockWaitTopBothListsSampledOrReadFromPi(AuroraLab lab, @TempDir Path dir) throws Exception {
        String writer = lab.writerId();
        try (LoadClient client = drillClient(lab);
             Workload workload = Workload.start(client, IGNORED, new Workload.Settings("insights", 2, 2, 50))) {
            makeSlowQueryAndLockWait(lab, writer);
            runInsights(lab, writer, dir);
        }
    }

    private void runInsights(AuroraLab lab, String writer, Path dir) throws Exception {

        Path json = dir.resolve("insights.json");
        Path plot = dir.resolve("insights.png");
        Run sampled = drill(Map.of(PASSWORD_VARIABLE, lab.password()), "insights", "--url", lab.directJdbcUrl(writer),
                "--user", lab.user(), "--password-env", PASSWORD_VARIABLE, "--window", "3s", "--top", "10",
                "--json", json.toString(), "--plot", plot.toString());
        assertThat(sampled.code).as("stdout:%n%s%nstderr:%n%s", sampled.out, sampled.err).isEqualTo(DrillCommand.PASS);
        assertThat(sampled.out).contains("Top SQL", "Top wait events", "Lock:transactionid", "Timeout:PgSleep",
                "pg_sleep($1)", "UPDATE " + TABLE + " SET balance = balance + $1 WHERE id = $2")
                .doesNotContain(lab.password());
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        List<String> waits = names(result.get("topWaitEvents"));
        assertThat(waits).contains("Lock:transactionid", "Timeout:PgSleep");
        // the lock waiter is active the whole window (the workload's own waits, e.g. IPC:SyncRep, may rank above it)
        assertThat(load(result.get("topWaitEvents"), "Lock:transactionid")).isBetween(0.5, 1.5);
        assertThat(load(result.get("topWaitEvents"), "Timeout:PgSleep")).isBetween(0.5, 1.5);
        assertThat(names(result.get("topSql"))).anyMatch(s -> s.contains("pg_sleep($1)"));
        assertThat(Files.size(plot)).isGreaterThan(5_000);

        Run pi = drill(Map.of(), "insights", "--pi", "--resource-id", lab.resourceId(writer), "--pi-endpoint",
                lab.performanceInsightsEndpoint().toString(), "--region", "us-east-1", "--window", "1m");
        assertThat(pi.code).as("stdout:%n%s%nstderr:%n%s", pi.out, pi.err).isEqualTo(DrillCommand.PASS);
        assertThat(pi.out).contains("Performance Insights of " + lab.resourceId(writer), "Lock:transactionid",
                "Timeout:PgSleep", "pg_sleep($1)", "UPDATE " + TABLE);
    }

    /** Outcomes do not matter here: the workload is the background the top lists must stand out from. */
    private static final Workload.Listener IGNORED = new Workload.Listener() {
        @Override
        public void written(int thread, long startNanos, String key, String instance) {
        }

        @Override
        public void writeFailed(int thread, long startNanos, String key, Exception failure) {
        }

        @Override
        public void read(int thread, long startNanos, String instance, Exception failure) {
        }
    };

    /** aurora-kit's write() and read() on a table of the drill's kind, as the drill's workload runs them. */
    private static LoadClient drillClient(AuroraLab lab) throws SQLException {
        AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint(lab.clusterEndpoint(), lab.port())
                .database(lab.database()).user(lab.user()).password(lab.password()).build();
        ds.writeIdempotent(c -> {
            LoadTable.create(c, "insights_load");
            return null;
        });
        return LoadClient.auroraKit(ds, "insights_load");
    }

    /** One session sleeping in {@code pg_sleep}, one waiting for a row another holds in an open transaction. */
    private void makeSlowQueryAndLockWait(AuroraLab lab, String writer) throws Exception {
        Connection setup = open(lab, writer);
        try (Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id int PRIMARY KEY, balance int)");
            s.execute("INSERT INTO " + TABLE + " VALUES (1, 0) ON CONFLICT DO NOTHING");
            // pg_stat_statements keeps a statement's normalized text once it has run to the end once
            s.execute("SELECT pg_sleep(0)");
        }
        Connection holder = open(lab, writer);
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.executeUpdate("UPDATE " + TABLE + " SET balance = balance + 1 WHERE id = 1");
        }
        background(open(lab, writer), "UPDATE " + TABLE + " SET balance = balance + 2 WHERE id = 1");
        background(open(lab, writer), "SELECT pg_sleep(120)");
        assertThat(lab.awaitActiveStatement(writer, "pg_sleep(120)", Duration.ofSeconds(20))).isTrue();
        assertThat(lab.awaitActiveStatement(writer, "balance + 2", Duration.ofSeconds(20))).isTrue();
    }

    private Connection open(AuroraLab lab, String instance) throws SQLException {
        Connection c = lab.connectDirect(instance);
        connections.add(c);
        return c;
    }

    private void background(Connection c, String sql) throws SQLException {
        Statement statement = c.createStatement();
        running.add(statement);
        CompletableFuture.runAsync(() -> {
            try {
                statement.execute(sql);
            } catch (SQLException e) {
                // cancelled at the end of the test
            }
        });
    }

    private static double load(JsonNode entries, String name) {
        for (JsonNode e : entries) {
            if (e.get("name").asText().equals(name)) {
                return e.get("averageActiveSessions").asDouble();
            }
        }
        throw new AssertionError(name + " not among " + entries);
    }

    private static List<String> names(JsonNode entries) {
        List<String> names = new ArrayList<>();
        entries.forEach(e -> names.add(e.get("name").asText()));
        return names;
    }

    private record Run(int code, String out, String err) {
    }

    private static Run drill(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DrillCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env::get, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
