package io.aurorakit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aurorakit.config.AuroraConfig;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.config.Preset;
import io.aurorakit.retry.FailoverListener;
import io.aurorakit.retry.FailoverRetry;
import io.aurorakit.retry.FailoverStats;
import io.aurorakit.retry.RetryPolicy;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Aurora-PostgreSQL-aware pooled {@link DataSource}: HikariCP over the AWS Advanced JDBC Wrapper, configured for
 * failover ({@code failover2}), enhanced failure detection ({@code efm2}), read/write splitting on
 * {@code setReadOnly(true)} and stale-DNS handling, plus {@link #write}/{@link #read} helpers that run a transaction and
 * run it again when a failover interrupts it.
 *
 * <p>Wiring: HikariCP's {@code jdbcUrl} is {@code jdbc:aws-wrapper:postgresql://host:port/db} with
 * {@code driverClassName=software.amazon.jdbc.Driver} (the wrapper's documented external-pool set-up) and
 * {@code exceptionOverrideClassName=software.amazon.jdbc.util.HikariCPSQLException}, so connections that failed over
 * (08S02/08007) stay in the pool instead of being evicted. A plain PostgreSQL host (localhost, an IP address, any
 * non-RDS name) gets an ordinary pool with the wrapper's plugins off; an RDS Proxy endpoint gets no failover either.
 *
 * <pre>{@code
 * try (AuroraDataSource ds = AuroraDataSource.builder()
 *         .clusterEndpoint("mycluster.cluster-abc.us-east-1.rds.amazonaws.com", 5432)
 *         .database("app").user("app").password(secret)
 *         .preset(Preset.FAST_FAILOVER)
 *         .build()) {
 *     ds.write(c -> c.createStatement().executeUpdate("UPDATE t SET v = v + 1"));
 *     long n = ds.read(c -> { ... });
 * }
 * }</pre>
 */
public final class AuroraDataSource implements DataSource, AutoCloseable {

    /** Environment variable with the writer (cluster) URL, read by {@link #fromEnvironment()}. */
    public static final String ENV_WRITER_URL = "DATABASE_URL_WRITER";
    /** Optional environment variable with the reader endpoint URL, read by {@link #fromEnvironment()}. */
    public static final String ENV_READER_URL = "DATABASE_URL_READER";

    private static final Logger LOG = LoggerFactory.getLogger(AuroraDataSource.class);

    private final AuroraConfig config;
    private final HikariDataSource writerPool;
    private final HikariDataSource readerPool;
    private final FailoverRetry retry;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AuroraDataSource(AuroraConfig config, RetryPolicy policy, FailoverListener listener) {
        this.config = config;
        this.retry = new FailoverRetry(policy, listener);
        this.writerPool = lazyPool(config.hikariConfig());
        this.readerPool = config.readerHikariConfig().map(AuroraDataSource::lazyPool).orElse(null);
        config.inertReason().ifPresent(LOG::info);
        WrapperResources.acquire();
    }

    /**
     * A pool that is created on the first {@code getConnection()}. HikariCP then fails fast with the real
     * {@link SQLException} (wrong password 28P01, unknown host) instead of waiting for its connection timeout.
     */
    private static HikariDataSource lazyPool(HikariConfig hikariConfig) {
        HikariDataSource pool = new HikariDataSource();
        hikariConfig.copyStateTo(pool);
        return pool;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A DataSource for {@code jdbc:aurora:postgresql://host[:port]/db?params} with the default retry policy. */
    public static AuroraDataSource fromUrl(String jdbcUrl) {
        return builder().url(jdbcUrl).build();
    }

    /** As {@link #fromUrl(String)}; {@code props} (e.g. user, password) are applied first, URL parameters win. */
    public static AuroraDataSource fromUrl(String jdbcUrl, Properties props) {
        return builder().url(jdbcUrl, props).build();
    }

    /** A DataSource from {@code DATABASE_URL_WRITER} and optional {@code DATABASE_URL_READER}. */
    public static AuroraDataSource fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * As {@link #fromEnvironment()}, reading the given map instead of the process environment. With a reader URL, a
     * second pool serves {@link #read}; that URL may differ from the writer URL only in host and port.
     */
    public static AuroraDataSource fromEnvironment(Map<String, String> env) {
        String writer = env.get(ENV_WRITER_URL);
        if (writer == null || writer.isBlank()) {
            throw new IllegalArgumentException(ENV_WRITER_URL + " is not set; expected a URL such as"
                    + " jdbc:aurora:postgresql://mycluster.cluster-abc.us-east-1.rds.amazonaws.com:5432/app?user=app");
        }
        Builder b = builder().url(writer);
        String reader = env.get(ENV_READER_URL);
        if (reader != null && !reader.isBlank()) {
            b.readerUrl(reader);
        }
        return b.build();
    }

    /** The validated configuration. */
    public AuroraConfig config() {
        return config;
    }

    /** A snapshot of the failover and retry counters of {@link #write}, {@link #writeIdempotent} and {@link #read}. */
    public FailoverStats stats() {
        return retry.stats();
    }

    /**
     * A pooled connection to the writer. {@code setReadOnly(true)} outside a transaction moves it to a reader (when
     * read/write splitting applies); closing it returns it to the pool, back on the writer.
     */
    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection(writerPool, config.host());
    }

    /** Not supported: credentials are fixed by the configuration, as in HikariCP. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("AuroraDataSource uses the configured user; set user/password when"
                + " building it instead of passing them to getConnection(user, password)");
    }

    /**
     * Runs {@code work} in one transaction on the writer and commits. After a failover: 08S02 runs it again, 08007
     * throws {@link io.aurorakit.retry.OutcomeUnknownException} (the commit may have happened), an unavailable cluster
     * (08001/08006/08003/refused) runs it again after a randomized backoff; SQL errors are thrown as they are.
     */
    public <T> T write(SqlWork<T> work) throws SQLException {
        return run(work, false, false);
    }

    /** As {@link #write}, but the work is idempotent, so 08007 (outcome unknown) runs it again too. */
    public <T> T writeIdempotent(SqlWork<T> work) throws SQLException {
        return run(work, false, true);
    }

    /**
     * Runs {@code work} in one read-only transaction on a reader ({@code setReadOnly(true)}; the separate reader pool
     * when a reader URL was given). Falls back to the writer when there is no reader. Retried like
     * {@link #writeIdempotent}.
     */
    public <T> T read(SqlWork<T> work) throws SQLException {
        return run(work, true, true);
    }

    private <T> T run(SqlWork<T> work, boolean readOnly, boolean idempotent) throws SQLException {
        Objects.requireNonNull(work, "work");
        checkOpen();
        boolean onReaderPool = readOnly && readerPool != null;
        HikariDataSource pool = onReaderPool ? readerPool : writerPool;
        String host = onReaderPool ? config.readerHost().orElseThrow() : config.host();
        return retry.call(() -> inTransaction(connection(pool, host), readOnly, work), idempotent);
    }

    private static <T> T inTransaction(Connection c, boolean readOnly, SqlWork<T> work) throws SQLException {
        T result;
        try {
            if (readOnly) {
                c.setReadOnly(true);
            }
            c.setAutoCommit(false);
            result = work.run(c);
            commit(c);
        } catch (SQLException | RuntimeException | Error failure) {
            rollbackAndClose(c, failure);
            throw failure;
        }
        try {
            c.close();
        } catch (SQLException afterCommit) {
            // The transaction is committed; a failure to reset the pooled connection must not make callers re-run it.
            LOG.warn("Returning a connection to the pool after commit failed (SQLState {}); the pool discards it: {}",
                    afterCommit.getSQLState(), afterCommit.getMessage());
        }
        return result;
    }

    /**
     * A connection from {@code pool}. An endpoint name that does not resolve gets a clear, non-retried exception: the
     * wrapper would hide it behind its own waits (topology 5 s, initialConnection retries), so the name is looked up
     * before the pool's first connection and again when a connection cannot be opened.
     */
    private static Connection connection(HikariDataSource pool, String host) throws SQLException {
        if (!pool.isRunning()) {
            UnknownHostException unknownHost = lookUp(host);
            if (unknownHost != null) {
                throw unknownHost(host, unknownHost, null);
            }
        }
        try {
            return pool.getConnection();
        } catch (SQLException failure) {
            UnknownHostException unknownHost = unknownHostBehind(failure, host);
            if (unknownHost == null) {
                throw failure;
            }
            throw unknownHost(host, unknownHost, failure);
        }
    }

    private static SQLException unknownHost(String host, UnknownHostException cause, SQLException failure) {
        SQLException explained = new SQLNonTransientConnectionException("Unknown host " + host
                + ": the endpoint name does not resolve; expected a resolvable host name such as"
                + " mycluster.cluster-abc.us-east-1.rds.amazonaws.com"
                + (failure == null ? "" : " (" + failure.getMessage() + ")"), "08001", cause);
        if (failure != null) {
            explained.addSuppressed(failure);
        }
        return explained;
    }

    /** The UnknownHostException behind a failed connect: in the cause chain, or from looking the host up now. */
    private static UnknownHostException unknownHostBehind(SQLException failure, String host) {
        for (Throwable c = failure; c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof UnknownHostException) {
                return (UnknownHostException) c;
            }
        }
        if (failure.getSQLState() != null && failure.getSQLState().startsWith("28")) {
            return null; // authentication failed: the host answered
        }
        return lookUp(host);
    }

    private static UnknownHostException lookUp(String host) {
        try {
            InetAddress.getByName(host);
            return null;
        } catch (UnknownHostException e) {
            return e;
        }
    }

    private static void commit(Connection c) throws SQLException {
        try {
            c.commit();
        } catch (SQLException failure) {
            throw FailoverRetry.commitFailure(failure);
        }
    }

    private static void rollbackAndClose(Connection c, Throwable failure) {
        try {
            if (!c.isClosed() && !c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException | RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }

    private void checkOpen() throws SQLException {
        if (closed.get()) {
            throw new SQLException("AuroraDataSource " + config.host() + ":" + config.port() + " is closed", "08003");
        }
    }

    /**
     * Closes every pool and, when this is the last open AuroraDataSource in the JVM, stops the AWS wrapper's
     * background threads ({@code Driver.releaseResources()}). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (readerPool != null) {
                readerPool.close();
            }
        } finally {
            try {
                writerPool.close();
            } finally {
                WrapperResources.release();
            }
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return writerPool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        writerPool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        writerPool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return writerPool.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
        return java.util.logging.Logger.getLogger("io.aurorakit");
    }

    /** Unwraps to this object or to the writer pool's {@link HikariDataSource} (e.g. for pool metrics). */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(writerPool)) {
            return iface.cast(writerPool);
        }
        throw new SQLException("AuroraDataSource does not wrap " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface.isInstance(writerPool);
    }

    @Override
    public String toString() {
        return "AuroraDataSource{" + config + ", retryPolicy=" + retry.policy() + ", closed=" + closed.get() + "}";
    }

    /**
     * Builds an {@link AuroraDataSource}; {@link #build()} validates and throws {@link IllegalArgumentException}
     * naming the property, the (masked) value and the expected form.
     *
     * <pre>{@code
     * AuroraDataSource ds = AuroraDataSource.builder()
     *     .clusterEndpoint("mycluster.cluster-abc.us-east-1.rds.amazonaws.com", 5432)
     *     .database("app").user("app").password(secret)
     *     .preset("serverless-v2").maximumPoolSize(20)
     *     .retryPolicy(RetryPolicy.builder().maxAttempts(8).build())
     *     .build();
     * }</pre>
     */
    public static final class Builder {
        private final AuroraConfig.Builder config = AuroraConfig.builder();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private FailoverListener listener = FailoverListener.NO_OP;

        private Builder() {
        }

        /** The cluster (writer) endpoint, e.g. {@code mycluster.cluster-abc.us-east-1.rds.amazonaws.com}, 5432. */
        public Builder clusterEndpoint(String host, int port) {
            config.endpoint(host, port);
            return this;
        }

        /** A separate reader endpoint (e.g. {@code cluster-ro-}) served by a second, read-only pool used by read(). */
        public Builder readerEndpoint(String host, int port) {
            config.readerEndpoint(host, port);
            return this;
        }

        /** Endpoint, database and parameters from a {@code jdbc:aurora:postgresql://} URL. */
        public Builder url(String jdbcUrl) {
            config.url(jdbcUrl);
            return this;
        }

        /** As {@link #url(String)}; {@code props} are applied first, URL parameters win. */
        public Builder url(String jdbcUrl, Properties props) {
            config.url(jdbcUrl, props);
            return this;
        }

        /** The reader endpoint from a second URL that differs from the writer URL only in host and port. */
        public Builder readerUrl(String jdbcUrl) {
            config.readerUrl(jdbcUrl);
            return this;
        }

        /** The database name. */
        public Builder database(String database) {
            config.database(database);
            return this;
        }

        /** The database user. */
        public Builder user(String user) {
            config.property(AuroraProperty.USER.key(), user);
            return this;
        }

        /** The password; never logged or shown. */
        public Builder password(String password) {
            config.property(AuroraProperty.PASSWORD.key(), password);
            return this;
        }

        /** A preset of timeouts and failure detection. */
        public Builder preset(Preset preset) {
            config.property(AuroraProperty.PRESET.key(), Objects.requireNonNull(preset, "preset").urlName());
            return this;
        }

        /** A preset by URL name: {@code provisioned}, {@code fast-failover}, {@code serverless-v2}. */
        public Builder preset(String preset) {
            config.property(AuroraProperty.PRESET.key(), preset == null ? "null" : preset);
            return this;
        }

        /** Any {@link AuroraProperty} by key (validated), or another key passed through to the wrapper and pgjdbc. */
        public Builder property(String key, String value) {
            config.property(key, value);
            return this;
        }

        /** Maximum connections of each pool. */
        public Builder maximumPoolSize(int maximumPoolSize) {
            config.property(AuroraProperty.MAXIMUM_POOL_SIZE.key(), Integer.toString(maximumPoolSize));
            return this;
        }

        /** How write/read re-run work after failovers. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** Receives failover and retry events. */
        public Builder listener(FailoverListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Validates and builds; no connection is opened until the first use. */
        public AuroraDataSource build() {
            return new AuroraDataSource(config.build(), retryPolicy, listener);
        }
    }
}
