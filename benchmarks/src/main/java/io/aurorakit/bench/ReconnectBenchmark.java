package io.aurorakit.bench;

import io.aurorakit.lab.AuroraLab;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
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
 * Cost of a reconnect with and without TLS: opening (and closing) a new plain pgjdbc connection to the writer's
 * instance endpoint, through its proxy, as a client does after a failover. {@code disable}: plain TCP;
 * {@code require}: TLS without verification (what pgjdbc's default {@code prefer} costs against a server with TLS);
 * {@code verify-full}: TLS with the lab's root CA ({@code sslrootcert}) and the name checked against the certificate.
 * Every open includes the SCRAM-SHA-256 login and a new PostgreSQL backend process, as every reconnect does.
 * {@code roundTrip}: what the same {@code sslmode} costs each query once connected (a primary-key lookup).
 * Run: {@code java -jar benchmarks.jar ReconnectBenchmark -jvmArgsAppend "-Djdk.net.hosts.file=/tmp/lab.hosts
 * -Dsun.net.inetaddr.ttl=0"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchmarkDefaults.HOSTS_FILE_ARG, BenchmarkDefaults.TTL_ARG,
        BenchmarkDefaults.NEGATIVE_TTL_ARG, BenchmarkDefaults.LOG_LEVEL_ARG})
public class ReconnectBenchmark {

    /** The {@code sslmode} values measured, in report order; the first is the baseline. */
    static final List<String> SSL_MODES = List.of("disable", "require", "verify-full");

    @Param({"disable", "require", "verify-full"})
    public String sslmode;

    private BenchmarkLab bench;
    private String url;
    private Properties properties;
    private Connection open;
    private PreparedStatement query;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        if (!SSL_MODES.contains(sslmode)) {
            throw new IllegalArgumentException("sslmode='" + sslmode + "' is not measured; expected one of "
                    + SSL_MODES);
        }
        bench = BenchmarkLab.start(0, true);
        AuroraLab lab = bench.lab();
        url = "jdbc:postgresql://" + lab.instanceEndpoint(lab.writerId()) + ":" + lab.port() + "/" + lab.database();
        properties = bench.credentials();
        properties.setProperty("connectTimeout", "10");
        if (sslmode.equals("verify-full")) {
            properties.putAll(lab.tlsProperties());
        } else {
            properties.setProperty("sslmode", sslmode);
        }
        for (int i = 0; i < 20; i++) {
            reconnect();
        }
        open = DriverManager.getConnection(url, properties);
        query = open.prepareStatement(BenchmarkLab.PK_LOOKUP);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        try {
            open.close();
        } finally {
            bench.close();
        }
    }

    @Benchmark
    public boolean reconnect() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, properties)) {
            return c.getAutoCommit();
        }
    }

    /** For comparison: one primary-key lookup on an open connection of the same {@code sslmode}. */
    @Benchmark
    public long roundTrip() throws SQLException {
        query.setInt(1, QueryPathBenchmark.randomId());
        try (ResultSet r = query.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
