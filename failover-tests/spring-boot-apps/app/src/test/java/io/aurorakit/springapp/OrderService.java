package io.aurorakit.springapp;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The application's service: plain {@code JdbcTemplate} and {@code @Transactional}, nothing aurora-kit-specific. */
@Service
public class OrderService {

    private static final String WHERE_AM_I = "SELECT aurora_db_instance_identifier()";

    private final JdbcTemplate jdbc;

    public OrderService(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the table; no unique key on purpose, so a duplicate write would show as a second row. */
    @Transactional
    public void createSchema() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS orders (id bigserial PRIMARY KEY, k text NOT NULL)");
    }

    /** Calls of {@link #placeWithSlowCommit}: a re-run would show as a second call. */
    private final java.util.concurrent.atomic.AtomicInteger slowCommitCalls =
            new java.util.concurrent.atomic.AtomicInteger();

    /** How often {@link #placeWithSlowCommit} was called (a method: the bean is a transactional proxy). */
    public int slowCommitCalls() {
        return slowCommitCalls.get();
    }

    /**
     * A deferred constraint trigger that sleeps at COMMIT when {@code app.slow_commit} is on: the test's way to have a
     * COMMIT in flight when the writer crashes.
     */
    @Transactional
    public void createSlowCommitTrigger() {
        jdbc.execute("CREATE OR REPLACE FUNCTION orders_slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF current_setting('app.slow_commit', true) = 'on' THEN PERFORM pg_catalog.pg_sleep(5); END IF;"
                + " RETURN NULL; END $$");
        jdbc.execute("DROP TRIGGER IF EXISTS orders_slow_commit ON orders");
        jdbc.execute("CREATE CONSTRAINT TRIGGER orders_slow_commit AFTER INSERT ON orders DEFERRABLE INITIALLY"
                + " DEFERRED FOR EACH ROW EXECUTE FUNCTION orders_slow()");
    }

    /** Inserts one order whose COMMIT takes 5 s. */
    @Transactional
    public void placeWithSlowCommit(String key) {
        slowCommitCalls.incrementAndGet();
        jdbc.execute("SET LOCAL app.slow_commit = 'on'");
        jdbc.update("INSERT INTO orders (k) VALUES (?)", key);
    }

    /** Inserts one order and says which instance took it. */
    @Transactional
    public String place(String key) {
        jdbc.update("INSERT INTO orders (k) VALUES (?)", key);
        return jdbc.queryForObject(WHERE_AM_I, String.class);
    }

    /** Which instance a read-only transaction runs on. */
    @Transactional(readOnly = true)
    public String whereReadsRun() {
        return jdbc.queryForObject(WHERE_AM_I, String.class);
    }

    /** How many rows each key has, read on the writer (the authoritative copy). */
    @Transactional
    public java.util.Map<String, Integer> rowsPerKey() {
        java.util.Map<String, Integer> rows = new java.util.HashMap<>();
        jdbc.query("SELECT k, count(*) FROM orders GROUP BY k", rs -> {
            rows.put(rs.getString(1), rs.getInt(2));
        });
        return rows;
    }
}
