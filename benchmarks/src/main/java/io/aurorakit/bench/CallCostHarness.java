package io.aurorakit.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.Preset;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.LabTiming;
import io.aurorakit.retry.FailoverListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code write()}, {@code read()} and {@code readAutoCommit()} cost per call next to the same work done by hand,
 * measured interleaved in one JVM on one lab (the JMH benchmarks' lab: FAST, 1 writer + 1 reader, no TLS, every client
 * through the instances' proxies). One thread; rounds of one call each, cycling through a group - its baseline first -
 * so that every round of a call sits between two baseline rounds; a call's ratio per cycle is its round median over
 * the mean of those two (a drift of the shared machine cancels out). Interleaved rather than JMH forks, because the
 * goals (1.10x, 1.2x) are closer than the fork-to-fork noise of this machine (5-12%).
 *
 * <pre>
 * java -Djdk.net.hosts.file=/tmp/lab.hosts -Dsun.net.inetaddr.ttl=0 -cp benchmarks.jar \
 *     io.aurorakit.bench.CallCostHarness --profile quick --out results/call-cost.json
 * </pre>
 */
public final class CallCostHarness {

    private static final int MAX_OPS_PER_ROUND = 200_000;

    /** What one round runs. The first call of each group is the group's baseline. */
    enum Call {
        /** One UPDATE in a transaction by hand (setAutoCommit(false), commit, close) on HikariCP + pgjdbc. */
        TRANSACTION_BY_HAND("one UPDATE in a transaction by hand, HikariCP + pgjdbc"),
        /** The same UPDATE through {@code AuroraDataSource.write()}. */
        WRITE("write(): the same UPDATE"),
        /** The same transaction by hand on {@code AuroraDataSource.getConnection()}: the wrapper's share. */
        TRANSACTION_BY_HAND_AURORA_KIT("the same transaction by hand on AuroraDataSource.getConnection()"),
        /** One primary-key read on a HikariCP + pgjdbc pool on the reader endpoint. */
        PLAIN_READER_POOL("one primary-key read, HikariCP + pgjdbc on the reader endpoint"),
        /** The same read through {@code AuroraDataSource.readAutoCommit()}. */
        READ_AUTOCOMMIT("readAutoCommit(): the same read"),
        /** The same read through {@code AuroraDataSource.read()} (a read-only transaction). */
        READ("read(): the same read in a read-only transaction");

        private final String label;

        Call(String label) {
            this.label = label;
        }

        /** Its row label in RESULTS.md. */
        String label() {
            return label;
        }

        /** The call this one is compared with. */
        Call baseline() {
            return ordinal() < PLAIN_READER_POOL.ordinal() ? TRANSACTION_BY_HAND : PLAIN_READER_POOL;
        }
    }

    static final List<List<Call>> GROUPS = List.of(
            List.of(Call.TRANSACTION_BY_HAND, Call.WRITE, Call.TRANSACTION_BY_HAND_AURORA_KIT),
            List.of(Call.PLAIN_READER_POOL, Call.READ_AUTOCOMMIT, Call.READ));

    private final String profile;
    private final CallCostResult.Settings settings;
    private final long[] latencies = new long[MAX_OPS_PER_ROUND];

    CallCostHarness(String profile) {
        this.profile = profile;
        this.settings = switch (profile) {
            case "quick" -> new CallCostResult.Settings(3, 400, 12);
            case "full" -> new CallCostResult.Settings(5, 500, 120);
            case "smoke" -> new CallCostResult.Settings(0, 50, 2);
            default -> throw new IllegalArgumentException("--profile '" + profile + "' is unknown; expected quick or"
                    + " full");
        };
    }

    public static void main(String[] args) throws Exception {
        HarnessArgs cli = HarnessArgs.parse("CallCostHarness", "call-cost.json", args);
        Path out = cli.out();
        CallCostResult result = new CallCostHarness(cli.profile()).run();
        cli.write(result);
        for (Call call : Call.values()) {
            if (call.baseline() != call) {
                double[] interval = result.interval(call);
                System.out.printf("call cost: %s / %s median %.3f (95%% CI %.3f-%.3f), p50 %.1f us vs %.1f us%n",
                        call, call.baseline(), result.ratio(call), interval[0], interval[1],
                        result.p50Micros(call), result.p50Micros(call.baseline()));
            }
        }
        System.out.println("call cost: written to " + out);
    }

    CallCostResult run() throws Exception {
        try (BenchmarkLab bench = BenchmarkLab.start(1)) {
            AuroraLab lab = bench.lab();
            String postgresVersion;
            try (Connection c = lab.connectDirect(lab.writerId()); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SHOW server_version")) {
                r.next();
                postgresVersion = r.getString(1);
            }
            try (HikariDataSource plainWriter = ClientPools.plain(lab, lab.clusterEndpoint(), "cost-writes", false);
                 HikariDataSource plainReader = ClientPools.plain(lab, lab.readerEndpoint(), "cost-reads", true);
                 AuroraDataSource aurora = ClientPools.auroraKit(lab, Preset.PROVISIONED, Map.of(),
                         FailoverListener.NO_OP)) {
                Clients clients = new Clients(plainWriter, plainReader, aurora);
                for (Call call : Call.values()) {
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.warmUpSeconds());
                    do {
                        clients.run(call);
                    } while (System.nanoTime() < until);
                }
                List<CallCostResult.Round> rounds = new ArrayList<>();
                for (int cycle = 0; cycle < settings.cycles(); cycle++) {
                    for (List<Call> group : GROUPS) {
                        for (Call call : group) {
                            rounds.add(round(cycle, call, clients));
                        }
                    }
                }
                for (List<Call> group : GROUPS) {
                    rounds.add(round(settings.cycles(), group.get(0), clients));
                }
                return new CallCostResult(Instant.now().toString(), profile, Environment.current(postgresVersion),
                        LabTiming.FAST.toString(), settings, rounds);
            }
        }
    }

    private CallCostResult.Round round(int cycle, Call call, Clients clients) throws SQLException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.roundMillis());
        int n = 0;
        long now = System.nanoTime();
        while (now < end && n < latencies.length) {
            clients.run(call);
            long after = System.nanoTime();
            latencies[n++] = after - now;
            now = after;
        }
        Arrays.sort(latencies, 0, n);
        double p50 = n == 0 ? Double.NaN : latencies[(n - 1) / 2] / 1000.0;
        return new CallCostResult.Round(cycle, call, n, p50);
    }

    /** The clients, and one call of each kind. */
    private record Clients(HikariDataSource plainWriter, HikariDataSource plainReader, AuroraDataSource aurora) {

        void run(Call call) throws SQLException {
            int id = QueryPathBenchmark.randomId();
            switch (call) {
                case TRANSACTION_BY_HAND -> QueryPathBenchmark.updateByHand(plainWriter, id);
                case WRITE -> aurora.write(c -> QueryPathBenchmark.update(c, id));
                case TRANSACTION_BY_HAND_AURORA_KIT -> QueryPathBenchmark.updateByHand(aurora, id);
                case PLAIN_READER_POOL -> {
                    try (Connection c = plainReader.getConnection()) {
                        QueryPathBenchmark.lookup(c, id);
                    }
                }
                case READ_AUTOCOMMIT -> aurora.readAutoCommit(c -> QueryPathBenchmark.lookup(c, id));
                case READ -> aurora.read(c -> QueryPathBenchmark.lookup(c, id));
            }
        }
    }
}
