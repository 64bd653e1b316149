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
