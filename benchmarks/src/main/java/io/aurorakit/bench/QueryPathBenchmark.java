package io.aurorakit.bench;

import io.aurorakit.AuroraDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
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
 * Query-path overhead against a lab writer, every variant through the same proxy (the cluster endpoint): one operation
 * = check out a pooled connection, run one statement, return the connection.
 *
 * <ul>
 *   <li>{@code plainPgjdbc} (a): HikariCP + pgjdbc.</li>
 *   <li>{@code wrapperNoPlugins} (b): HikariCP + the AWS wrapper with {@code wrapperPlugins=}.</li>
 *   <li>{@code wrapperAuroraPlugins} (c): HikariCP + the wrapper with aurora-kit's plugin list, wrapper defaults
 *       otherwise.</li>
 *   <li>{@code auroraKit} (d): {@link AuroraDataSource#getConnection()} (failure detection on).</li>
 *   <li>{@code auroraKitHelpers} (d): {@link AuroraDataSource#write} - the same statement inside a transaction with
 *       failover retry (adds a COMMIT round trip).</li>
 * </ul>
 * {@code updateInTransaction} runs the UPDATE in a transaction in every variant (by hand, or {@code write()}), so
 * {@code write()} is compared with the same transaction done by hand.
 * Run: {@code java -jar benchmarks.jar QueryPathBenchmark -jvmArgsAppend -Djdk.net.hosts.file=/tmp/x.hosts}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchmarkDefaults.HOSTS_FILE_ARG, BenchmarkDefaults.TTL_ARG,
        BenchmarkDefaults.NEGATIVE_TTL_ARG, BenchmarkDefaults.LOG_LEVEL_ARG})
public class QueryPathBenchmark {

    @Param
    public ClientVariant variant;

    private BenchmarkLab bench;
    private DataSource dataSource;
    private AuroraDataSource aurora;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        bench = BenchmarkLab.start(1);
        dataSource = variant.open(bench.lab());
        aurora = dataSource instanceof AuroraDataSource a ? a : null;
        // Fill the pool and let the wrapper's monitors start before measuring.
        for (int i = 0; i < 50; i++) {
            selectOne();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            if (dataSource instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } finally {
            bench.close();
        }
    }

    @Benchmark
    public int selectOne() throws SQLException {
        if (variant == ClientVariant.auroraKitHelpers) {
            return aurora.write(c -> selectOne(c));
        }
        try (Connection c = dataSource.getConnection()) {
            return selectOne(c);
        }
    }

    @Benchmark
    public long primaryKeyLookup() throws SQLException {
        int id = randomId();
        if (variant == ClientVariant.auroraKitHelpers) {
            return aurora.write(c -> lookup(c, id));
        }
        try (Connection c = dataSource.getConnection()) {
            return lookup(c, id);
        }
    }

    @Benchmark
    public int updateRow() throws SQLException {
        int id = randomId();
        if (variant == ClientVariant.auroraKitHelpers) {
            return aurora.write(c -> update(c, id));
        }
        try (Connection c = dataSource.getConnection()) {
            return update(c, id);
        }
    }

    /**
     * One UPDATE in an explicit transaction: {@code write()} for the aurora-kit helper variant, by hand
     * ({@code setAutoCommit(false)}, the statement, {@code commit()}, close) for the others - the yardstick for
     * {@code write()}'s own cost.
     */
    @Benchmark
    public int updateInTransaction() throws SQLException {
        int id = randomId();
        if (variant == ClientVariant.auroraKitHelpers) {
            return aurora.write(c -> update(c, id));
        }
        return updateByHand(dataSource, id);
    }

    /** One UPDATE in a transaction done by hand: autocommit off, the statement, commit, the connection returned. */
    static int updateByHand(DataSource pool, int id) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            int n = update(c, id);
            c.commit();
            return n;
        }
    }

    static int randomId() {
        return ThreadLocalRandom.current().nextInt(1, BenchmarkLab.ROWS + 1);
    }

    static int selectOne(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(BenchmarkLab.SELECT_ONE); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    static long lookup(Connection c, int id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(BenchmarkLab.PK_LOOKUP)) {
            s.setInt(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("row " + id + " of " + BenchmarkLab.TABLE + " is missing");
                }
                return r.getLong(1) + r.getString(2).length();
            }
        }
    }

    static int update(Connection c, int id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(BenchmarkLab.UPDATE_ROW)) {
            s.setInt(1, id);
            int n = s.executeUpdate();
            if (n != 1) {
                throw new SQLException("UPDATE of row " + id + " changed " + n + " rows");
            }
            return n;
        }
    }
}
