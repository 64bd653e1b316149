package io.aurorakit.lab;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's topology heartbeat: a daemon thread that every {@link #INTERVAL} runs
 * {@link TopologyCatalog#heartbeat} on the current writer, in every database that is not a template and has the
 * catalog, so that {@code aurora_replica_status()} shows live {@code LAST_UPDATE_TIMESTAMP}s, lags and CPU figures on
 * every node (WAL carries them to the readers), and a dead reader's row freezes, lingers, then drops out.
 *
 * <p>It never blocks a failover: it skips a tick while the writer is down or mid-promotion (errors are expected then
 * and logged at debug), its statements have a 2 s timeout, and it commits with {@code synchronous_commit = local}. It
 * keeps connections only to {@code postgres} and the lab database; other databases get a connection per tick (so
 * {@code DROP DATABASE} and {@code CREATE DATABASE ... TEMPLATE} of them are never held up), and it never connects to a
 * template database ({@code CREATE DATABASE} from {@code template1} keeps working).
 */
final class TopologyHeartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyHeartbeat.class);

    /** Time between heartbeats (Aurora's topology is refreshed about every second too). */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final Set<String> KEPT_OPEN = Set.of("postgres", AuroraLab.DATABASE);

    private final TopologyCatalog catalog;
    private final Supplier<PostgresInstance> writer;
    private final Thread thread;
    private final Object wakeUp = new Object();
    private volatile boolean closed;

    // guarded by this
    private PostgresInstance connectedTo;
    private final Map<String, Connection> connections = new HashMap<>();
    private final Set<String> withoutCatalog = new HashSet<>();
    private String lastProblem;

    private TopologyHeartbeat(TopologyCatalog catalog, Supplier<PostgresInstance> writer, String name) {
        this.catalog = catalog;
        this.writer = writer;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Starts the heartbeat of the writer {@code writer} supplies (read at every tick). */
    static TopologyHeartbeat start(TopologyCatalog catalog, Supplier<PostgresInstance> writer, String labId) {
        TopologyHeartbeat heartbeat = new TopologyHeartbeat(catalog, writer, "aurora-lab-heartbeat-" + labId);
        heartbeat.thread.start();
        return heartbeat;
    }

    private void run() {
        while (!closed) {
            beat();
            synchronized (wakeUp) {
                if (closed) {
                    break;
                }
                try {
                    wakeUp.wait(INTERVAL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        synchronized (this) {
            closeConnections();
        }
    }

    /**
     * One heartbeat now, in the caller's thread (used after a CPU change so that the writer's view shows it at once).
     *
     * @return whether every database was updated
     */
    synchronized boolean beat() {
        if (closed) {
            return false;
        }
        PostgresInstance w = writer.get();
        if (w != connectedTo) {
            closeConnections();
            withoutCatalog.clear();
            connectedTo = w;
        }
        if (!w.running()) {
            closeConnections();
            return false;
        }
        boolean all = true;
        try {
            List<String> databases = databases(w);
            withoutCatalog.retainAll(databases);
            connections.keySet().removeIf(db -> {
                if (!databases.contains(db)) {
                    close(connections.get(db));
                    return true;
                }
                return false;
            });
            for (String database : databases) {
                if (!withoutCatalog.contains(database)) {
                    all &= beat(w, database);
                }
            }
        } catch (SQLException | RuntimeException e) {
            problem(w, "cannot list databases", e);
            close(connections.remove("postgres"));
            return false;
        }
        if (all) {
            lastProblem = null;
        }
        return all;
    }

    private boolean beat(PostgresInstance w, String database) {
        boolean keep = KEPT_OPEN.contains(database);
        Connection c = keep ? connections.get(database) : null;
        try {
            if (c == null) {
                c = open(w, database);
                if (!TopologyCatalog.hasCatalog(c)) {
                    withoutCatalog.add(database);
                    close(c);
                    return true;
                }
                if (keep) {
                    connections.put(database, c);
                }
            }
            catalog.heartbeat(c);
            return true;
        } catch (SQLException | RuntimeException e) {
            problem(w, "heartbeat in " + database + " failed", e);
            connections.remove(database);
            close(c);
            c = null;
            return false;
        } finally {
            if (!keep) {
                close(c);
            }
        }
    }

    /** The databases to beat in (not templates), listed on the kept connection to {@code postgres}. */
    private List<String> databases(PostgresInstance w) throws SQLException {
        Connection c = connections.get("postgres");
        if (c == null) {
            c = open(w, "postgres");
            connections.put("postgres", c);
        }
        List<String> databases = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT datname "
                + "FROM pg_catalog.pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        }
        return databases;
    }

    private static Connection open(PostgresInstance w, String database) throws SQLException {
        Connection c = w.connect(database);
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = '" + LabSessions.HEARTBEAT + "'");
            s.execute("SET synchronous_commit = local");
            s.execute("SET statement_timeout = '2s'");
            s.execute("SET lock_timeout = '1s'");
            s.execute("SET idle_in_transaction_session_timeout = '5s'");
        } catch (SQLException e) {
            close(c);
            throw e;
        }
        return c;
    }

    /** Logs a failure once per kind at debug: during a failover the writer is down and every tick fails. */
    private void problem(PostgresInstance w, String what, Exception e) {
        String problem = w.id() + ": " + what + ": " + e.getMessage();
        if (!problem.equals(lastProblem)) {
            LOG.debug("topology heartbeat on {}", problem);
            lastProblem = problem;
        }
    }

    private void closeConnections() {
        connections.values().forEach(TopologyHeartbeat::close);
        connections.clear();
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // closing a broken connection
        }
    }

    /** Stops the thread (waits up to 3 s for a tick in progress) and closes its connections. */
    @Override
    public void close() {
        closed = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
