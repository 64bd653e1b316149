package io.aurorakit.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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

/**
 * Pool checkout cycle: {@code getConnection()} then {@code close()}, no statement. Plain HikariCP + pgjdbc, HikariCP
 * + the wrapper with aurora-kit's plugins, and {@code AuroraDataSource}.
 * Run: {@code java -jar benchmarks.jar CheckoutBenchmark -jvmArgsAppend "-Djdk.net.hosts.file=/tmp/lab.hosts
 * -Dsun.net.inetaddr.ttl=0"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchmarkDefaults.HOSTS_FILE_ARG, BenchmarkDefaults.TTL_ARG,
        BenchmarkDefaults.NEGATIVE_TTL_ARG, BenchmarkDefaults.LOG_LEVEL_ARG})
public class CheckoutBenchmark {

    @Param({"plainPgjdbc", "wrapperAuroraPlugins", "auroraKit"})
    public ClientVariant variant;

    private BenchmarkLab bench;
    private DataSource dataSource;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        bench = BenchmarkLab.start(0);
        dataSource = variant.open(bench.lab());
        for (int i = 0; i < 50; i++) {
            checkout();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            ((AutoCloseable) dataSource).close();
        } finally {
            bench.close();
        }
    }

    @Benchmark
    public boolean checkout() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return c.getAutoCommit();
        }
    }
}
