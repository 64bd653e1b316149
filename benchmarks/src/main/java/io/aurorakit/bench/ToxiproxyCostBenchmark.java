package io.aurorakit.bench;

import io.aurorakit.lab.AuroraLab;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Cost of the lab's embedded Toxiproxy server (no toxics): a small PostgreSQL query on one long-lived pgjdbc
 * connection straight to the writer's server ({@code direct}, {@link AuroraLab#directJdbcUrl}) or through its proxy
 * ({@code proxied}, the instance endpoint). {@code roundTrip}: latency with one client; {@code throughput}: queries per
 * second with {@value #CLIENTS} clients (pgbench-style, one connection each).
 * Run: {@code java -jar benchmarks.jar ToxiproxyCostBenchmark -jvmArgsAppend "-Djdk.net.hosts.file=/tmp/lab.hosts
 * -Dsun.net.inetaddr.ttl=0"}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {BenchmarkDefaults.HOSTS_FILE_ARG, BenchmarkDefaults.TTL_ARG,
        BenchmarkDefaults.NEGATIVE_TTL_ARG, BenchmarkDefaults.LOG_LEVEL_ARG})
public class ToxiproxyCostBenchmark {

    /** Concurrent clients of {@link #throughput}. */
    static final int CLIENTS = 4;

    @Param({"direct", "proxied"})
    public String path;

    private BenchmarkLab bench;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        bench = BenchmarkLab.start(0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bench.close();
    }

    String url() {
        AuroraLab lab = bench.lab();
        return switch (path) {
            case "direct" -> lab.directJdbcUrl(lab.writerId());
            case "proxied" -> "jdbc:postgresql://" + lab.instanceEndpoint(lab.writerId()) + ":" + lab.port() + "/"
                    + lab.database();
            default -> throw new IllegalArgumentException("path='" + path + "' is unknown; expected direct or proxied");
        };
    }

    /** One client connection per benchmark thread. */
    @State(Scope.Thread)
    public static class Client {
        Connection connection;
        PreparedStatement query;

        @Setup(Level.Trial)
        public void open(ToxiproxyCostBenchmark benchmark) throws SQLException {
            connection = DriverManager.getConnection(benchmark.url(), benchmark.bench.credentials());
            query = connection.prepareStatement(BenchmarkLab.PK_LOOKUP);
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            connection.close();
        }

        long run() throws SQLException {
            query.setInt(1, QueryPathBenchmark.randomId());
            try (ResultSet r = query.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long roundTrip(Client client) throws SQLException {
        return client.run();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(CLIENTS)
    public long throughput(Client client) throws SQLException {
        return client.run();
    }
}
