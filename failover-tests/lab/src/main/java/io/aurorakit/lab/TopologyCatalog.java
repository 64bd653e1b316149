package io.aurorakit.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aurora's topology functions in {@code pg_catalog} ({@code aurora_replica_status()},
 * {@code aurora_db_instance_identifier()}, {@code aurora_version()}) from the {@value #SCRIPT} resource, and the
 * {@code aurora_lab.members} membership table behind them, which this class writes on the writer (WAL carries it to the
 * readers): the membership ({@link #writeMembership}), the heartbeat ({@link #heartbeat}, driven by
 * {@link TopologyHeartbeat}), the CPU figures ({@link #cpu(String, double)}) and, at a promotion, the opt-in
 * {@link TopologyTransient}s ({@link #afterPromotion}). Every write is {@code synchronous_commit = local} (the control
 * plane never waits on a standby), and writes are serialized (a heartbeat never races a membership write).
 */
final class TopologyCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyCatalog.class);

    static final String SCRIPT = "aurora-topology.sql";

    /** The CPU figure (percent) of an instance nobody set. */
    static final double DEFAULT_CPU = 2.0;

    /** How long a dead reader stays listed in the fast profile. */
    static final Duration FAST_DEAD_READER_LINGER = Duration.ofSeconds(10);

    /**
     * How long a dead reader stays listed in the realistic profile: Aurora keeps a dead replica's row, its
     * LAST_UPDATE_TIMESTAMP frozen, for minutes (the AWS wrapper ignores rows older than 300 s for that reason).
     */
    static final Duration AURORA_DEAD_READER_LINGER = Duration.ofMinutes(5);

    static final Duration MAX_DEAD_READER_LINGER = Duration.ofHours(1);

    private final String script;
    private final Duration linger;
    private final Map<TopologyTransient, Duration> transients;
    private final AtomicInteger promotions = new AtomicInteger();
    private final Map<String, Double> cpu = new ConcurrentHashMap<>();
    private final ReentrantLock writes = new ReentrantLock();

    private TopologyCatalog(String script, Duration linger, Map<TopologyTransient, Duration> transients) {
        this.script = script;
        this.linger = linger;
        this.transients = new LinkedHashMap<>(transients);
    }

    /** The catalog with the fast profile's linger and no transients. */
    static TopologyCatalog load() {
        return load(FAST_DEAD_READER_LINGER, Map.of());
    }

    /**
     * @param linger     how long a reader that stopped streaming stays listed (frozen timestamp) before it drops out
     * @param transients the opt-in transients and their durations, in the order successive failovers take them
     */
    static TopologyCatalog load(Duration linger, Map<TopologyTransient, Duration> transients) {
        try (InputStream in = TopologyCatalog.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new AuroraLabException("resource io/aurorakit/lab/" + SCRIPT + " is missing from the classpath");
            }
            return new TopologyCatalog(new String(in.readAllBytes(), StandardCharsets.UTF_8), linger, transients);
        } catch (IOException e) {
            throw new AuroraLabException("cannot read resource " + SCRIPT, e);
        }
    }

    /** The dead-reader linger of a timing profile: minutes for {@code AURORA}, seconds otherwise. */
    static Duration defaultLinger(LabTiming timing) {
        return "AURORA".equals(timing.name()) ? AURORA_DEAD_READER_LINGER : FAST_DEAD_READER_LINGER;
    }

    Duration linger() {
        return linger;
    }

    Map<TopologyTransient, Duration> transients() {
        return Map.copyOf(transients);
    }

    /** Installs the functions and the membership table into one database (idempotent). */
    void install(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(script);
        }
    }

    // ------------------------------------------------------------------------------------------------ membership

    /**
     * Writes the membership on the writer, in every database that allows connections (installing the catalog where
     * it is missing): who is the writer, sessions, tiers, CPU figures. The writer's heartbeat restarts now; readers keep
     * their heartbeat (a dead one keeps lingering), and transients already set stay.
     */
    void writeMembership(PostgresInstance writer, List<PostgresInstance> members) throws SQLException {
        for (String database : databases(writer, true)) {
            try (Connection c = writer.connect(database)) {
                writeMembership(c, writer, members);
            }
        }
    }

    private void writeMembership(Connection c, PostgresInstance writer, List<PostgresInstance> members)
            throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_catalog.to_regclass('aurora_lab.members') IS NULL")) {
            rs.next();
            if (rs.getBoolean(1)) {
                install(c);
            }
        }
        writes.lock();
        try {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit = local");
                List<String> ids = members.stream().map(PostgresInstance::id).toList();
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM aurora_lab.members WHERE NOT (server_id = ANY (?))")) {
                    delete.setArray(1, c.createArrayOf("text", ids.toArray()));
                    delete.executeUpdate();
                }
                try (PreparedStatement upsert = c.prepareStatement("INSERT INTO aurora_lab.members "
                        + "(server_id, session_id, is_writer, promotion_tier, cpu, heartbeat_at, drop_after) "
                        + "VALUES (?, ?, ?, ?, ?, now(), now() + ?::interval) "
                        + "ON CONFLICT (server_id) DO UPDATE SET session_id = EXCLUDED.session_id, "
                        + "is_writer = EXCLUDED.is_writer, promotion_tier = EXCLUDED.promotion_tier, "
                        + "cpu = EXCLUDED.cpu, "
                        + "heartbeat_at = CASE WHEN EXCLUDED.is_writer THEN EXCLUDED.heartbeat_at "
                        + "ELSE members.heartbeat_at END, "
                        + "drop_after = CASE WHEN EXCLUDED.is_writer THEN EXCLUDED.drop_after "
                        + "ELSE members.drop_after END")) {
                    for (PostgresInstance member : members) {
                        upsert.setString(1, member.id());
                        upsert.setString(2, member.sessionId());
                        upsert.setBoolean(3, member == writer);
                        upsert.setInt(4, member.tier());
                        upsert.setDouble(5, cpu(member.id()));
                        upsert.setString(6, interval(linger));
                        upsert.addBatch();
                    }
                    upsert.executeBatch();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } finally {
            writes.unlock();
        }
    }

    /**
     * Serverless v2: the readers are about to pause. Their rows stay listed (the instances are not down, Aurora keeps
     * them {@code available}) with the timestamp frozen at their last heartbeat, instead of dropping out after the
     * dead-reader linger; the heartbeat sets the linger again once they stream after the resume. Never throws: a
     * pause never fails for the topology.
     */
    void keepListedWhilePaused(PostgresInstance writer, List<PostgresInstance> readers) {
        if (readers.isEmpty() || !writer.running()) {
            return;
        }
        try {
            for (String database : databases(writer, true)) {
                try (Connection c = writer.connect(database)) {
                    if (!hasCatalog(c)) {
                        continue;
                    }
                    writes.lock();
                    try (PreparedStatement s = c.prepareStatement("UPDATE aurora_lab.members "
                            + "SET drop_after = 'infinity' WHERE server_id = ANY (?)")) {
                        try (Statement local = c.createStatement()) {
                            local.execute("SET synchronous_commit = local");
                        }
                        s.setArray(1, c.createArrayOf("text", readers.stream().map(PostgresInstance::id).toArray()));
                        s.executeUpdate();
                    } finally {
                        writes.unlock();
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("paused readers {} not kept in the topology: {}", readers, e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ heartbeat, CPU

    /**
     * One heartbeat on a connection to the writer (see {@code aurora_lab.heartbeat()}): the writer's own heartbeat,
     * each streaming reader's last reply and lag, the CPU figures. Skipped (returns -1) if a membership write holds the
     * lock for more than a second.
     *
     * @return the number of members seen alive, or -1 if skipped
     */
    int heartbeat(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>(cpu.keySet());
        Double[] figures = ids.stream().map(cpu::get).toArray(Double[]::new);
        try {
            if (!writes.tryLock(1, java.util.concurrent.TimeUnit.SECONDS)) {
                return -1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT aurora_lab.heartbeat(?::interval, ?, ?)")) {
            Array idArray = c.createArrayOf("text", ids.toArray());
            Array cpuArray = c.createArrayOf("float8", figures);
            s.setString(1, interval(linger));
            s.setArray(2, idArray);
            s.setArray(3, cpuArray);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } finally {
            writes.unlock();
        }
    }

    /** The CPU figure {@code aurora_replica_status()} reports for the instance (percent). */
    double cpu(String id) {
        return cpu.getOrDefault(id, DEFAULT_CPU);
    }

    /** Sets the CPU figure; the next heartbeat (or membership write) puts it into the topology. */
    void cpu(String id, double percent) {
        cpu.put(id, percent);
    }

    // ------------------------------------------------------------------------------------------------ transients

    /**
     * Called by the control plane right after {@code pg_promote()} of {@code target} (still unreachable for clients):
     * restarts the new writer's heartbeat and switches on the next enabled {@link TopologyTransient}, if any, on the
     * new writer (in every database that is not a template). Never throws: a failover never fails for a transient.
     */
    void afterPromotion(PostgresInstance old, PostgresInstance target) {
        if (transients.isEmpty()) {
            return;
        }
        List<Map.Entry<TopologyTransient, Duration>> enabled = new ArrayList<>(transients.entrySet());
        Map.Entry<TopologyTransient, Duration> next = enabled.get(promotions.getAndIncrement() % enabled.size());
        String sql = switch (next.getKey()) {
            case NO_WRITER_ROW -> "UPDATE aurora_lab.members SET unlisted_until = now() + ?::interval "
                    + "WHERE server_id = ?";
            case ROLE_DISAGREEMENT -> "UPDATE aurora_lab.members SET self_denies_until = now() + ?::interval "
                    + "WHERE server_id = ?";
            case TWO_WRITER_ROWS -> "UPDATE aurora_lab.members SET stale_claim_until = now() + ?::interval, "
                    + "stale_claim_at = least(heartbeat_at, now() - interval '1 millisecond') WHERE server_id = ?";
        };
        String member = next.getKey() == TopologyTransient.TWO_WRITER_ROWS ? old.id() : target.id();
        try {
            for (String database : databases(target, false)) {
                try (Connection c = target.connect(database)) {
                    if (!hasCatalog(c)) {
                        continue;
                    }
                    writes.lock();
                    try {
                        c.setAutoCommit(false);
                        try (Statement s = c.createStatement()) {
                            s.execute("SET LOCAL synchronous_commit = local");
                        }
                        try (PreparedStatement beat = c.prepareStatement("UPDATE aurora_lab.members "
                                + "SET heartbeat_at = now(), drop_after = now() + ?::interval WHERE server_id = ?")) {
                            beat.setString(1, interval(linger));
                            beat.setString(2, target.id());
                            beat.executeUpdate();
                        }
                        try (PreparedStatement on = c.prepareStatement(sql)) {
                            on.setString(1, interval(next.getValue()));
                            on.setString(2, member);
                            on.executeUpdate();
                        }
                        c.commit();
                    } finally {
                        writes.unlock();
                    }
                }
            }
            LOG.info("topology transient {} for {} ms after promoting {} (old writer {})", next.getKey(),
                    next.getValue().toMillis(), target.id(), old.id());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("topology transient {} after promoting {} not set: {}", next.getKey(), target.id(), e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    /** Databases on the instance that allow connections; template databases only if {@code templates}. */
    static List<String> databases(PostgresInstance instance, boolean templates) throws SQLException {
        List<String> databases = new ArrayList<>();
        try (Connection c = instance.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_catalog.pg_database WHERE datallowconn"
                     + (templates ? "" : " AND NOT datistemplate") + " ORDER BY datname")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        }
        return databases;
    }

    /** Whether the database has this catalog's heartbeat (a database created from template0 has not). */
    static boolean hasCatalog(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_catalog.to_regprocedure("
                + "'aurora_lab.heartbeat(interval, text[], double precision[])') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** A duration as a PostgreSQL interval literal (microseconds). */
    static String interval(Duration duration) {
        return (duration.toNanos() / 1000) + " microseconds";
    }
}
