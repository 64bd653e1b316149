package io.aurorakit.drill;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.retry.OutcomeUnknownException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The drill's mixed workload: writer threads insert rows with unique client-side keys through
 * {@link AuroraDataSource#write}, reader threads run a small query through {@link AuroraDataSource#read}, each at a
 * fixed rate. Every outcome goes to the {@link DrillRecorder}.
 *
 * <p>Writes are deliberately <em>not</em> declared idempotent and the table has no unique constraint on the key, so a
 * write that the library re-ran after it had committed would show up as a duplicate.
 */
final class Workload implements AutoCloseable {

    private final AuroraDataSource dataSource;
    private final String table;
    private final DrillRecorder recorder;
    private final long periodNanos;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Workload(AuroraDataSource dataSource, String table, DrillRecorder recorder, int writers, int readers,
             int ratePerThread) {
        this.dataSource = dataSource;
        this.table = table;
        this.recorder = recorder;
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / ratePerThread;
        for (int i = 0; i < writers; i++) {
            int thread = i;
            threads.add(newThread("drill-writer-" + i, () -> writeLoop(thread)));
        }
        for (int i = 0; i < readers; i++) {
            int thread = i;
            threads.add(newThread("drill-reader-" + i, () -> readLoop(thread)));
        }
    }

    static void createTable(AuroraDataSource dataSource, String table) throws SQLException {
        dataSource.writeIdempotent(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + table
                        + " (id bigserial PRIMARY KEY, k text NOT NULL, writer text, at timestamptz DEFAULT now())");
            }
            return null;
        });
    }

    static void dropTable(AuroraDataSource dataSource, String table) throws SQLException {
        dataSource.writeIdempotent(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            return null;
        });
    }

    void start() {
        threads.forEach(Thread::start);
    }

    private Thread newThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private void writeLoop(int thread) {
        String insert = "INSERT INTO " + table + " (k, writer) VALUES (?, pg_catalog.aurora_db_instance_identifier())"
                + " RETURNING writer";
        long next = System.nanoTime();
        for (long seq = 0; running; seq++) {
            String key = "w" + thread + "-" + seq;
            long start = recorder.now();
            try {
                String writer = dataSource.write(connection -> {
                    try (PreparedStatement statement = connection.prepareStatement(insert)) {
                        statement.setString(1, key);
                        try (ResultSet row = statement.executeQuery()) {
                            row.next();
                            return row.getString(1);
                        }
                    }
                });
                recorder.writeAcknowledged(thread, start, key, writer);
            } catch (OutcomeUnknownException e) {
                recorder.writeOutcomeUnknown(thread, start, key);
            } catch (SQLException | RuntimeException e) {
                recorder.writeFailed(thread, start, sqlState(e));
            }
            next = pace(next);
        }
    }

    private void readLoop(int thread) {
        String query = "SELECT pg_catalog.aurora_db_instance_identifier(), (SELECT max(id) FROM " + table + ")";
        long next = System.nanoTime();
        while (running) {
            long start = recorder.now();
            try {
                dataSource.read(connection -> {
                    try (Statement statement = connection.createStatement();
                         ResultSet row = statement.executeQuery(query)) {
                        row.next();
                        return row.getString(1);
                    }
                });
                recorder.read(thread, start, true, null);
            } catch (SQLException | RuntimeException e) {
                recorder.read(thread, start, false, sqlState(e));
            }
            next = pace(next);
        }
    }

    /** Sleeps until the next slot; a thread that fell behind (an outage) starts afresh instead of bursting. */
    private long pace(long next) {
        long target = next + periodNanos;
        long now = System.nanoTime();
        if (target < now) {
            return now;
        }
        LockSupport.parkNanos(target - now);
        return target;
    }

    private static String sqlState(Exception e) {
        return e instanceof SQLException sql ? String.valueOf(sql.getSQLState()) : e.getClass().getSimpleName();
    }

    /** Stops every thread; waits for each to finish its current operation (bounded). */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
