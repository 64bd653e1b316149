package io.aurorakit.bench;

import io.aurorakit.lab.AuroraLab;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * An {@link AuroraLab} started for one JMH trial, with the benchmark table seeded on the writer. Every client variant
 * of a benchmark reaches the writer through the same cluster endpoint, i.e. the same embedded-Toxiproxy proxy, so the
 * variants are compared like with like. The lab runs without TLS unless asked: pgjdbc's default {@code sslmode=prefer}
 * would otherwise encrypt, which adds tens of microseconds to every loopback query and would dilute the overheads
 * these benchmarks compare ({@link ReconnectBenchmark} measures what TLS costs).
 */
final class BenchmarkLab implements AutoCloseable {

    /** Rows in {@link #TABLE}; primary keys are 1..ROWS. */
    static final int ROWS = 1_000;
    /** The benchmark table: {@code id int primary key, v bigint, payload text}. */
    static final String TABLE = "bench_items";
    static final String SELECT_ONE = "SELECT 1";
    static final String PK_LOOKUP = "SELECT v, payload FROM " + TABLE + " WHERE id = ?";
    static final String UPDATE_ROW = "UPDATE " + TABLE + " SET v = v + 1 WHERE id = ?";

    private final AuroraLab lab;

    private BenchmarkLab(AuroraLab lab) {
        this.lab = lab;
    }

    /** Starts a FAST lab without TLS with {@code readers} readers and seeds {@link #TABLE}. */
    static BenchmarkLab start(int readers) throws SQLException {
        return start(readers, false);
    }

    /** Starts a FAST lab with {@code readers} readers, TLS on or off, and seeds {@link #TABLE}. */
    static BenchmarkLab start(int readers, boolean tls) throws SQLException {
        AuroraLab lab = AuroraLab.builder().readers(readers).clusterName("bench").tls(tls).start();
        try {
            BenchmarkLab bench = new BenchmarkLab(lab);
            bench.seed();
            return bench;
        } catch (SQLException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    AuroraLab lab() {
        return lab;
    }

    /** {@code jdbc:postgresql://<cluster endpoint>:<port>/<db>}: plain pgjdbc through the writer's proxy. */
    String plainClusterUrl() {
        return "jdbc:postgresql://" + lab.clusterEndpoint() + ":" + lab.port() + "/" + lab.database();
    }

    /** {@code jdbc:postgresql://<reader endpoint>:<port>/<db>}: plain pgjdbc through a reader's proxy. */
    String plainReaderUrl() {
        return "jdbc:postgresql://" + lab.readerEndpoint() + ":" + lab.port() + "/" + lab.database();
    }

    Properties credentials() {
        return lab.credentials();
    }

    private void seed() throws SQLException {
        try (Connection c = lab.connectDirect(lab.writerId());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id int PRIMARY KEY, v bigint NOT NULL, payload text)");
            s.execute("INSERT INTO " + TABLE + " SELECT g, 0, md5(g::text) FROM generate_series(1, " + ROWS + ") g"
                    + " ON CONFLICT (id) DO NOTHING");
            s.execute("ANALYZE " + TABLE);
        }
    }

    @Override
    public void close() {
        lab.close();
    }
}
