package io.aurorakit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.aurorakit.config.AuroraConfig;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.config.Preset;
import io.aurorakit.retry.FailoverListener;
import io.aurorakit.internal.FailoverRetry;
import io.aurorakit.retry.FailoverStats;
import io.aurorakit.retry.RetriedCall;
import io.aurorakit.retry.RetryPolicy;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
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
    /** Held while a pool starts (its first connection) and while closing, so close() never misses a starting pool. */
    private final Object lifecycle = new Object();
    /** Set on the thread running the work of write()/read(), to reject nested units of work. */
    private final ThreadLocal<Boolean> inWork = new ThreadLocal<>();
    /** Stops the wrapper's monitors of the cluster when the pools stay empty ({@code monitorIdleTimeout}); or null. */
    private final MonitorIdleRelease monitorRelease;
    /** Where reads go when there is a reader pool; or null. */
    private final ReaderRoute readerRoute;

    private AuroraDataSource(AuroraConfig config, RetryPolicy policy, FailoverListener listener) {
        this.config = config;
        this.retry = new FailoverRetry(policy.withDefaultBudget(config.defaultRetryBudget()), listener);
        this.writerPool = lazyPool(config.hikariConfig());
        this.readerPool = config.readerHikariConfig().map(AuroraDataSource::lazyPool).orElse(null);
        this.readerRoute = readerPool == null ? null : new ReaderRoute(readerPool, config.readerHostDerived(),
                config.duration(AuroraProperty.FAILOVER_TIMEOUT), System::nanoTime);
        if (readerRoute != null) {
            retry.addListener(readerRoute);
        }
        config.failoverDisabledReason().ifPresent(LOG::info);
        WrapperResources.acquire();
        this.monitorRelease = MonitorIdleRelease.start(config, this::openConnections);
    }

    /** Connections the pools hold (in use or idle); a pool not started yet holds none. */
    private int openConnections() {
        return openConnections(writerPool) + (readerPool == null ? 0 : openConnections(readerPool));
    }

    private static int openConnections(HikariDataSource pool) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean == null ? 0 : bean.getTotalConnections();
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
        Builder b = builder();
        inVariable(ENV_WRITER_URL, () -> b.url(writer));
        String reader = env.get(ENV_READER_URL);
        boolean hasReader = reader != null && !reader.isBlank();
        if (hasReader) {
            inVariable(ENV_READER_URL, () -> b.readerUrl(reader));
        }
        AuroraDataSource[] built = new AuroraDataSource[1];
        inVariable(hasReader ? ENV_WRITER_URL + "/" + ENV_READER_URL : ENV_WRITER_URL, () -> built[0] = b.build());
        return built[0];
    }

    /** Runs {@code step}, prefixing a validation message with the environment variable the bad value came from. */
    private static void inVariable(String variable, Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Environment variable " + variable + ": " + e.getMessage(), e);
        }
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
     * The cluster as this data source sees it, read now with one query ({@code aurora_replica_status()}) on a pooled
     * writer connection: the writer's instance id, the readers with their replica lag, whether a failover is still
     * being ridden out ({@code stats().retryingNow() > 0}) and when one was last seen. On a plain PostgreSQL server
     * (no Aurora functions): the configured host as writer, no readers, {@link ClusterTopology#topologyAvailable()}
     * false. Not retried: a connection failure is thrown as it is, for the caller (e.g. a health check) to judge.
     *
     * <pre>{@code
     * ClusterTopology t = ds.topology();
     * log.info("writer {} readers {}", t.writerId(), t.readerIds());
     * }</pre>
     */
    public ClusterTopology topology() throws SQLException {
        try (Connection c = getConnection()) {
            return TopologyQuery.read(c, config.host(), stats());
        }
    }

    /**
     * Adds a listener of failover events and call ends (e.g. metrics) to the one given to the builder. Listeners are
     * called in the order they were added, on the thread running the work.
     */
    public void addListener(FailoverListener listener) {
        retry.addListener(listener);
    }

    /**
     * The HikariCP pools by role: {@code writer}, and {@code reader} when there is a reader pool (see {@code readerPool}). For
     * metrics and monitoring (a pool is created on first use, so its MXBean may still be null); closing them is up to
     * {@link #close()}.
     */
    public Map<String, HikariDataSource> pools() {
        return readerPool == null ? Map.of("writer", writerPool) : Map.of("writer", writerPool, "reader", readerPool);
    }

    /**
     * Runs {@code call}, and runs it again after a failover the way {@link #write} ({@code idempotent=false}) or
     * {@link #writeIdempotent} do, with this data source's {@link RetryPolicy}, counters and listeners: for
     * integrations that run the transaction themselves (aurora-kit's Spring {@code AuroraTransactionTemplate}). The
     * call must report a connection failure during COMMIT as SQLState 08007, and anything before COMMIT as it
     * happened.
     */
    public <T> T callWithRetries(RetriedCall<T> call, boolean idempotent) throws SQLException {
        Objects.requireNonNull(call, "call");
        checkOpen();
        return retry.call(call::call, idempotent);
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

    /**
     * Stops the AWS wrapper's JVM-wide background threads, monitors and caches ({@code Driver.releaseResources()}).
     * One-way: the wrapper's monitor service cannot be restarted, so data sources and driver connections used later
     * in the same JVM still fail over but their idle failure-detection monitors are never disposed and errored ones
     * never re-created. Call it once, at application shutdown, after closing every data source (needed only when
     * {@code AuroraDriver} or plain wrapper connections were used; closing the last data source already stops the
     * monitors); closing a data source never calls it.
     */
    public static void releaseWrapperResources() {
        WrapperResources.releaseForGood();
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
        return run(work, UnitOfWork.Mode.WRITE, false);
    }

    /** As {@link #write}, but the work is idempotent, so 08007 (outcome unknown) runs it again too. */
    public <T> T writeIdempotent(SqlWork<T> work) throws SQLException {
        return run(work, UnitOfWork.Mode.WRITE, true);
    }

    /**
     * Runs {@code work} in one read-only transaction on a reader: on the reader pool (the reader endpoint given, or the
     * cluster's {@code cluster-ro-} endpoint, see {@code readerPool}), else on a pooled writer connection moved to a
     * reader with {@code setReadOnly(true)}. Every statement of the work sees the same snapshot. Falls back to the writer when
     * there is no reader. Retried like {@link #writeIdempotent}. For a single statement {@link #readAutoCommit} is
     * cheaper (no COMMIT round trip).
     */
    public <T> T read(SqlWork<T> work) throws SQLException {
        return run(work, UnitOfWork.Mode.READ, true);
    }

    /**
     * Runs {@code work} on a reader like {@link #read}, but in autocommit mode: no transaction is opened or committed,
     * so each statement runs on its own and sees its own snapshot. Meant for work of one statement, where it saves the
     * COMMIT round trip and costs about what a plain query on a reader pool costs; work of several statements that must
     * agree with each other belongs in {@link #read}. Retried like {@link #writeIdempotent}: a read can always run again.
     */
    public <T> T readAutoCommit(SqlWork<T> work) throws SQLException {
        return run(work, UnitOfWork.Mode.READ_AUTOCOMMIT, true);
    }

    private <T> T run(SqlWork<T> work, UnitOfWork.Mode mode, boolean idempotent) throws SQLException {
        Objects.requireNonNull(work, "work");
        checkOpen();
        if (inWork.get() != null) {
            throw new IllegalStateException("write()/writeIdempotent()/read()/readAutoCommit() was called inside the work"
                    + " of another unit of work of the same AuroraDataSource on this thread; nested units of"
                    + " work are not supported (they would run in a second transaction on a second pooled connection):"
                    + " use the Connection passed to the outer work");
        }
        inWork.set(Boolean.TRUE);
        try {
            return retry.call(() -> {
                if (!mode.readOnly() || readerRoute == null || !readerRoute.readerPool()) {
                    return UnitOfWork.run(connection(writerPool, config.host()), mode, work);
                }
                try {
                    return UnitOfWork.run(connection(readerPool, config.readerHost().orElseThrow()), mode, work);
                } catch (SQLException | RuntimeException failure) {
                    readerRoute.failed(failure);
                    throw failure;
                }
            }, idempotent);
        } finally {
            inWork.remove();
        }
    }

    /**
     * A connection from {@code pool}. The first connection starts the pool under the lifecycle lock, so a concurrent
     * {@link #close()} waits for it and then closes the started pool; a connection obtained while the data source was
     * being closed is given back and refused.
     */
    private Connection connection(HikariDataSource pool, String host) throws SQLException {
        if (monitorRelease == null) {
            return connectionNow(pool, host);
        }
        monitorRelease.beforeConnect();
        try {
            return connectionNow(pool, host);
        } finally {
            monitorRelease.afterConnect();
        }
    }

    private Connection connectionNow(HikariDataSource pool, String host) throws SQLException {
        Connection c;
        if (pool.isRunning()) {
            c = connectionOrExplained(pool, host);
        } else {
            synchronized (lifecycle) {
                checkOpen();
                if (!pool.isRunning()) {
                    UnknownHostException unknownHost = lookUp(host);
                    if (unknownHost != null && !FailoverRetry.isTemporary(unknownHost)) {
                        throw unknownHost(host, unknownHost, null);
                    }
                }
                c = connectionOrExplained(pool, host);
            }
        }
        if (closed.get()) {
            c.close();
            checkOpen();
        }
        return c;
    }

    /**
     * An endpoint name that does not exist gets a clear, non-retried exception: the wrapper would hide it behind its
     * own waits (topology 5 s, initialConnection retries), so the name is looked up before the pool's first
     * connection and again when a connection cannot be opened. A temporary resolver failure ("try again"), or a name
     * that stops resolving once the pool ran (DNS trouble during an outage), is retried like an unavailable cluster.
     */
    private static Connection connectionOrExplained(HikariDataSource pool, String host) throws SQLException {
        boolean resolvedBefore = pool.isRunning();
        try {
            return pool.getConnection();
        } catch (SQLException failure) {
            SQLException secrets = SecretsManagerFailure.explain(failure, pool.getDataSourceProperties());
            if (secrets != null) {
                throw secrets;
            }
            UnknownHostException unknownHost = unknownHostBehind(failure, host);
            if (unknownHost == null) {
                throw failure;
            }
            if (resolvedBefore || FailoverRetry.isTemporary(unknownHost)) {
                SQLException transientFailure = new SQLTransientConnectionException("Endpoint " + host
                        + " does not resolve right now (" + unknownHost.getMessage() + ") although it "
                        + (resolvedBefore ? "did before" : "may exist") + "; retrying as for an unavailable cluster",
                        "08001");
                transientFailure.addSuppressed(failure);
                throw transientFailure;
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

    private void checkOpen() throws SQLException {
        if (closed.get()) {
            throw new SQLException("AuroraDataSource " + config.host() + ":" + config.port() + " is closed", "08003");
        }
    }

    /**
     * Closes every pool, waiting for a pool that is starting. Idempotent. Closing the last open AuroraDataSource in
     * the JVM also stops the AWS wrapper's monitors (topology, failure detection) and their connections; the wrapper
     * starts them again when a data source or driver connection needs them. Its services stay up: see
     * {@link #releaseWrapperResources()} for the one-way shutdown.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // closed is set before waiting for the lock: a first use that is starting a pool then gives its connection
        // back instead of running work (and starting wrapper monitors) after the pools are closed.
        if (monitorRelease != null) {
            monitorRelease.close();
        }
        synchronized (lifecycle) {
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
            config.clusterEndpoint(host, port);
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
            if (password == null) {
                throw new IllegalArgumentException("password=null is invalid; expected the database password (leave"
                        + " password(...) out when the server needs none)");
            }
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
