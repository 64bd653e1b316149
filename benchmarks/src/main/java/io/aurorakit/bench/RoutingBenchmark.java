package io.aurorakit.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.config.Preset;
import io.aurorakit.retry.FailoverListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
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

/**
 * Read/write routing cost: one primary-key read on a reader per operation.
 *
 * <ul>
 *   <li>{@code plainReaderPool}: HikariCP + pgjdbc on the reader endpoint (the yardstick).</li>
 *   <li>{@code setReadOnly}: aurora-kit's writer pool, {@code setReadOnly(true)} moves the connection to a reader and
 *       HikariCP's reset on close moves it back (wrapper's cached reader connection, no internal pool: the
 *       default).</li>
 *   <li>{@code setReadOnlyInternalPool}: the same with {@code internalPool=true} (the wrapper's internal Hikari
 *       pools).</li>
 *   <li>{@code auroraRead}: {@link AuroraDataSource#read} (a read-only transaction on the reader pool aurora-kit
 *       opens on the cluster's reader endpoint, with retry).</li>
 *   <li>{@code auroraReadAutoCommit}: {@link AuroraDataSource#readAutoCommit} (the statement in autocommit mode on
 *       that reader pool, with retry).</li>
 * </ul>
 * Run: {@code benchmarks/run.sh full}, or {@code java -jar benchmarks.jar RoutingBenchmark -jvmArgsAppend
 * "-Djdk.net.hosts.file=/tmp/lab.hosts -Dsun.net.inetaddr.ttl=0"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchmarkDefaults.HOSTS_FILE_ARG, BenchmarkDefaults.TTL_ARG,
        BenchmarkDefaults.NEGATIVE_TTL_ARG, BenchmarkDefaults.LOG_LEVEL_ARG})
public class RoutingBenchmark {

    @Param
    public RoutingVariant variant;

    private BenchmarkLab bench;
    private HikariDataSource plainReader;
    private AuroraDataSource aurora;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        bench = BenchmarkLab.start(1);
        var lab = bench.lab();
        switch (variant) {
            case plainReaderPool -> plainReader = ClientPools.plain(lab, lab.readerEndpoint(), "reader-plain", true);
            case setReadOnly, auroraRead, auroraReadAutoCommit -> aurora = ClientPools.auroraKit(lab, Preset.PROVISIONED, Map.of(),
                    FailoverListener.NO_OP);
            case setReadOnlyInternalPool -> aurora = ClientPools.auroraKit(lab, Preset.PROVISIONED,
                    Map.of(AuroraProperty.INTERNAL_POOL.key(), "true"), FailoverListener.NO_OP);
        }
        for (int i = 0; i < 50; i++) {
            read();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            if (plainReader != null) {
                plainReader.close();
            }
            if (aurora != null) {
                aurora.close();
            }
        } finally {
            bench.close();
        }
    }

    @Benchmark
    public long read() throws SQLException {
        int id = QueryPathBenchmark.randomId();
        if (plainReader != null) {
            try (Connection c = plainReader.getConnection()) {
                return QueryPathBenchmark.lookup(c, id);
            }
        }
        if (variant == RoutingVariant.auroraRead) {
            return aurora.read(c -> QueryPathBenchmark.lookup(c, id));
        }
        if (variant == RoutingVariant.auroraReadAutoCommit) {
            return aurora.readAutoCommit(c -> QueryPathBenchmark.lookup(c, id));
        }
        try (Connection c = aurora.getConnection()) {
            c.setReadOnly(true);
            return QueryPathBenchmark.lookup(c, id);
        }
    }
}
