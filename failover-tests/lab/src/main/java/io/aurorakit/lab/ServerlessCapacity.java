package io.aurorakit.lab;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each instance's current Serverless v2 capacity (ACU), a deliberately simple model: every second the demand of an
 * instance is its floor ({@code minAcu}, at least 0.5) plus {@value #ACU_PER_ACTIVE_BACKEND} ACU per client backend
 * running a statement ({@code pg_stat_activity}, state {@code active}; the lab's own sessions excluded), rounded up to
 * a half step and capped at {@code maxAcu}. The capacity moves towards the demand: up by half the current capacity
 * (at least 0.5 ACU) per second, so bigger instances scale in bigger steps, as on Aurora; down by 0.5 ACU per second.
 * Readers in promotion tiers 0-1 never run below the writer's capacity (Aurora keeps them sized to take over). A
 * paused instance has 0; a resumed one restarts at the floor.
 *
 * <p>Each node can read its own figure with {@code SELECT aurora_lab.serverless_capacity()}: the lab sets the
 * placeholder setting {@value #SETTING} with {@code ALTER SYSTEM} and a reload on that node (a file of the node, never
 * replicated, so a reader reports its own and not the writer's). Methods are called by the serverless tick thread
 * ({@link #update}) and, for pauses and resumes, under the control plane's lock.
 */
final class ServerlessCapacity implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerlessCapacity.class);

    /** The placeholder setting behind {@code aurora_lab.serverless_capacity()}. */
    static final String SETTING = "aurora_lab.serverless_capacity";
    /** What each client backend running a statement adds to an instance's demand. */
    static final double ACU_PER_ACTIVE_BACKEND = 1.0;

    /** The application names of sessions that are no client's load ({@link LabSessions#NOT_CLIENT_LOAD}). */
    private static final String OWN_SESSIONS = LabSessions.sqlList(LabSessions.NOT_CLIENT_LOAD);
    private static final String MEASURE = "SELECT count(*) FILTER (WHERE state = 'active' "
            + "AND backend_type = 'client backend' AND pid <> pg_catalog.pg_backend_pid() "
            + "AND coalesce(application_name, '') NOT IN (" + OWN_SESSIONS + ")), "
            + "pg_catalog.current_setting('" + SETTING + "', true) FROM pg_catalog.pg_stat_activity";

    private final ServerlessConfig config;
    private final Map<String, Double> current = new ConcurrentHashMap<>();
    /** Kept connections of the tick thread, by instance id. */
    private final Map<String, Connection> connections = new HashMap<>();

    ServerlessCapacity(ServerlessConfig config) {
        this.config = config;
    }

    /** The instance's current capacity: 0 unless it runs. */
    double current(PostgresInstance instance) {
        return instance.running() ? current.getOrDefault(instance.id(), config.floorAcu()) : 0.0;
    }

    /** Sets every running instance to the floor, on the node too (at start). */
    void initialize(List<PostgresInstance> instances) {
        for (PostgresInstance instance : instances) {
            restartLow(instance);
        }
    }

    /** The instance paused: 0 ACU. */
    void paused(PostgresInstance instance) {
        current.put(instance.id(), 0.0);
    }

    /** The instance resumed (or started): back to the floor, published on the node before clients reach it. */
    void restartLow(PostgresInstance instance) {
        double floor = config.floorAcu();
        current.put(instance.id(), floor);
        try (Connection c = instance.connect("postgres")) {
            publish(c, floor);
        } catch (SQLException e) {
            LOG.warn("cannot set {} on {}: {}", SETTING, instance.id(), e.getMessage());
        }
    }

    /** One measurement of every running instance and one scaling step (every second, on the tick thread). */
    void update(PostgresInstance writer, List<PostgresInstance> instances) {
        Map<String, double[]> measured = new HashMap<>(); // id -> {active backends, published figure or NaN}
        for (PostgresInstance instance : instances) {
            if (instance.running()) {
                double[] m = measure(instance);
                if (m != null) {
                    measured.put(instance.id(), m);
                }
            } else {
                close(connections.remove(instance.id()));
            }
        }
        double writerNext = next(writer, measured.get(writer.id()));
        for (PostgresInstance instance : instances) {
            double[] m = measured.get(instance.id());
            if (m == null || !instance.running()) {
                continue;
            }
            double next = instance == writer ? writerNext : next(instance, m);
            if (instance != writer && instance.tier() <= 1) {
                next = Math.max(next, Math.min(writerNext, config.maxAcu()));
            }
            current.put(instance.id(), next);
            if (Double.isNaN(m[1]) || m[1] != next) {
                Connection c = connections.get(instance.id());
                try {
                    publish(c, next);
                } catch (SQLException e) {
                    LOG.debug("cannot set {} on {}: {}", SETTING, instance.id(), e.getMessage());
                    close(connections.remove(instance.id()));
                }
            }
        }
    }

    private double next(PostgresInstance instance, double[] measured) {
        double now = current.getOrDefault(instance.id(), config.floorAcu());
        if (measured == null) {
            return Math.max(now, config.floorAcu());
        }
        double demand = config.floorAcu() + ACU_PER_ACTIVE_BACKEND * measured[0];
        return step(now, demand, config.floorAcu(), config.maxAcu());
    }

    /** One second of scaling from {@code now} towards {@code demand}, inside {@code [floor, max]}, in half steps. */
    static double step(double now, double demand, double floor, double max) {
        double from = Math.max(now, floor);
        double target = Math.min(max, Math.max(floor, Math.ceil(demand * 2) / 2));
        if (target > from) {
            double increment = Math.max(0.5, Math.floor(from) / 2); // half the capacity, in half steps
            return Math.min(target, from + increment);
        }
        if (target < from) {
            return Math.max(target, from - 0.5);
        }
        return from;
    }

    /** {active client backends, published figure (NaN if none)}, or null if the instance cannot be asked. */
    private double[] measure(PostgresInstance instance) {
        Connection c = connections.get(instance.id());
        try {
            if (c == null) {
                c = instance.connect("postgres");
                try (Statement s = c.createStatement()) {
                    s.execute("SET application_name = '" + LabSessions.SERVERLESS + "'");
                    s.execute("SET statement_timeout = '2s'");
                }
                connections.put(instance.id(), c);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(MEASURE)) {
                rs.next();
                String published = rs.getString(2);
                return new double[] {rs.getLong(1), parse(published)};
            }
        } catch (SQLException e) {
            LOG.debug("cannot measure the load of {}: {}", instance.id(), e.getMessage());
            close(connections.remove(instance.id()));
            close(c);
            return null;
        }
    }

    private static double parse(String published) {
        try {
            return published == null || published.isEmpty() ? Double.NaN : Double.parseDouble(published);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static void publish(Connection c, double acu) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET " + SETTING + " = '" + acu + "'");
            s.execute("SELECT pg_catalog.pg_reload_conf()");
        }
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // a broken connection
            }
        }
    }

    /** Closes the tick thread's connections (after that thread ended). */
    @Override
    public void close() {
        connections.values().forEach(ServerlessCapacity::close);
        connections.clear();
    }
}
