package io.aurorakit.insights;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Database load of one PostgreSQL instance, sampled the way Performance Insights samples it: once a
 * {@linkplain Builder#interval interval} (1 s by default), from a connection of its own, the active client sessions
 * of {@code pg_stat_activity} (not its own) with their wait event ({@code CPU} when not waiting), user, application,
 * client host, database and statement (the {@code pg_stat_statements} text for the session's {@code query_id} when
 * the extension is installed, else the text as sent). Samples are kept for the {@linkplain Builder#retention
 * retention} (1 h by default) and aggregated into PI's shapes ({@link DbLoadSource}).
 *
 * <p>Off unless started: {@link #start()} starts one daemon thread, {@link #close()} stops it and closes the
 * connection. A sample that fails (the instance restarting, a failover) is skipped and the connection opened again on
 * the next tick; a period with no sample has no value, as in PI. Give it an instance endpoint (or the cluster
 * endpoint for the writer): each instance has its own {@code pg_stat_activity}.
 *
 * <pre>{@code
 * try (DbLoadSampler sampler = DbLoadSampler.builder("jdbc:postgresql://host:5432/app", "user", password).start()) {
 *     ...
 *     DbLoad waits = sampler.topKeys(DimensionGroup.WAIT_EVENT, from, Instant.now(), 10);
 * }
 * }</pre>
 */
public final class DbLoadSampler implements DbLoadSource, AutoCloseable {

    /** Opens the sampler's connection. */
    @FunctionalInterface
    public interface Connector {
        /** A new connection to the instance to sample. */
        Connection connect() throws SQLException;
    }

    /** The {@code application_name} of the sampler's own session, which it never counts. */
    public static final String APPLICATION_NAME = ActivityQuery.APPLICATION_NAME;

    private static final Logger LOG = LoggerFactory.getLogger(DbLoadSampler.class);
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    private final Connector connector;
    private final Duration interval;
    private final Clock clock;
    private final String name;
    private final SampleStore store;
    private final List<String> ignoredApplications;
    /** Held by a sample (and by whatever touches the connection). */
    private final Object lock = new Object();
    /** Held while starting and stopping; never while a sample runs, so close() does not wait for one. */
    private final Object lifecycle = new Object();
    private ScheduledExecutorService executor; // guarded by lifecycle
    private ActivityQuery query;
    /** The connection a sample is using, for {@link #close()} to abort a sample stuck on a dead server. */
    private volatile Connection current;
    private boolean failing;
    private volatile boolean closed;

    private DbLoadSampler(Builder b) {
        this.connector = b.connector;
        this.interval = b.interval;
        this.clock = b.clock;
        this.name = b.name;
        this.store = new SampleStore(b.retention);
        this.ignoredApplications = List.copyOf(b.ignoredApplications);
    }

    /** A sampler that opens its connection with {@code connector}. */
    public static Builder builder(Connector connector) {
        return new Builder(Objects.requireNonNull(connector, "connector"));
    }

    /**
     * A sampler that connects with {@link DriverManager} ({@code jdbc:postgresql:}, or {@code jdbc:aurora:} through
     * aurora-kit's driver).
     */
    public static Builder builder(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        return new Builder(() -> DriverManager.getConnection(jdbcUrl, props));
    }

    /** Takes one sample now, on the calling thread. */
    public void sampleNow() throws SQLException {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(this + " is closed");
            }
            Instant at = clock.instant();
            try {
                if (query == null) {
                    Connection connection = connector.connect();
                    current = connection;
                    query = ActivityQuery.on(connection, ignoredApplications);
                }
                store.add(new SampleStore.Sample(at, query.sample(at)));
                if (failing) {
                    LOG.info("{}: sampling again", name);
                    failing = false;
                }
            } catch (SQLException | RuntimeException e) {
                closeConnection();
                throw e;
            }
        }
    }

    private void tick() {
        try {
            sampleNow();
        } catch (IllegalStateException e) {
            // closed under us
        } catch (SQLException | RuntimeException e) {
            synchronized (lock) {
                if (!failing) {
                    LOG.info("{}: a sample failed, skipped until the instance answers again: {}", name,
                            e.getMessage());
                    failing = true;
                }
            }
        }
    }

    /** How many samples are held. */
    public int samples() {
        return store.size();
    }

    /** When the newest sample held was taken. */
    public Optional<Instant> latestSample() {
        return Optional.ofNullable(store.latest());
    }

    @Override
    public DbLoad topKeys(DimensionGroup group, Instant start, Instant end, int limit) {
        Objects.requireNonNull(group, "group");
        return store.topKeys(LoadQuery.of(group, start, end, Periods.automatic(start, end), limit));
    }

    @Override
    public ResourceMetrics loadOverTime(DimensionGroup group, Instant start, Instant end, int periodSeconds,
                                        int limit) {
        return store.loadOverTime(LoadQuery.of(group, start, end, periodSeconds, limit));
    }

    /**
     * Starts sampling on a daemon thread of its own, the first sample at once; a second call changes nothing.
     *
     * @return this sampler
     * @throws IllegalStateException when closed
     */
    public DbLoadSampler start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException(this + " is closed");
            }
            if (executor != null) {
                return this;
            }
            executor = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, name);
                t.setDaemon(true);
                return t;
            });
            executor.scheduleAtFixedRate(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        }
    }

    private void closeConnection() {
        if (query != null) {
            try {
                query.connection().close();
            } catch (SQLException e) {
                LOG.debug("{}: closing the connection failed", name, e);
            }
            query = null;
            current = null;
        }
    }

    /**
     * Stops sampling and closes the connection; the samples stay readable. A sample stuck on an unresponsive server
     * is aborted rather than waited for. Idempotent.
     */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (lifecycle) {
            closed = true;
            running = executor;
        }
        if (running != null) {
            running.shutdownNow();
            try {
                if (!running.awaitTermination(1, TimeUnit.SECONDS)) {
                    abortCurrent();
                    running.awaitTermination(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            closeConnection();
        }
    }

    private void abortCurrent() {
        Connection connection = current;
        if (connection != null) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.debug("{}: aborting the connection failed", name, e);
            }
        }
    }

    @Override
    public String toString() {
        return name + "[" + store.size() + " samples" + (closed ? ", closed" : "") + "]";
    }

    /** Settings of a {@link DbLoadSampler}; validated as they are set. */
    public static final class Builder {
        private final Connector connector;
        private Duration interval = Duration.ofSeconds(1);
        private Duration retention = Duration.ofHours(1);
        private Clock clock = Clock.systemUTC();
        private String name = "aurora-kit-dbload-sampler";
        private final List<String> ignoredApplications = new ArrayList<>();

        private Builder(Connector connector) {
            this.connector = connector;
        }

        /** Time between samples; 1 s (PI's rate) by default, at least 100 ms. */
        public Builder interval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(MIN_INTERVAL) < 0) {
                throw new IllegalArgumentException("interval must be at least 100 ms, not " + interval.toMillis()
                        + " ms");
            }
            this.interval = interval;
            return this;
        }

        /** How long samples are kept; 1 h by default, at least the interval. */
        public Builder retention(Duration retention) {
            Objects.requireNonNull(retention, "retention");
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("retention must be positive, not " + retention);
            }
            this.retention = retention;
            return this;
        }

        /** The clock that stamps samples (tests inject one). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The sampling thread's name and the logs' prefix, e.g. {@code dbload-instance-1}. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sessions whose {@code application_name} is one of {@code names} are not counted, e.g. a monitoring agent's
         * (the sampler never counts its own, {@value DbLoadSampler#APPLICATION_NAME}).
         */
        public Builder ignoreApplications(String... names) {
            for (String name : names) {
                ignoredApplications.add(Objects.requireNonNull(name, "application name"));
            }
            return this;
        }

        /** A sampler that samples when {@link DbLoadSampler#start()} or {@link DbLoadSampler#sampleNow()} is called. */
        public DbLoadSampler build() {
            if (retention.compareTo(interval) < 0) {
                throw new IllegalArgumentException("retention (" + retention + ") must be at least the interval ("
                        + interval + ")");
            }
            return new DbLoadSampler(this);
        }

        /** A sampler sampling on its own daemon thread, the first sample at once. */
        public DbLoadSampler start() {
            return build().start();
        }
    }
}
