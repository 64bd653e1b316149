package io.aurorakit.lab;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds the lab's PostgreSQL cluster once: initdb of the writer with the settings every instance shares, the lab
 * roles, the topology catalog, {@code rds.extensions} in {@code pg_settings} ({@link AuroraSettings}) and the lab
 * database, then a pg_basebackup clone per reader, started in parallel, and waits until every reader streams.
 */
final class ClusterBootstrap {

    /** Settings shared by every instance (copied by pg_basebackup); per-instance ones go on the command line. */
    static final String SETTINGS = String.join("\n",
            "# AuroraLab settings (shared by all instances)",
            "unix_socket_directories = ''",
            "max_connections = 200",
            "shared_buffers = 16MB",
            "dynamic_shared_memory_type = mmap",
            "wal_level = replica",
            "max_wal_senders = 20",
            "max_replication_slots = 20",
            "hot_standby = on",
            "hot_standby_feedback = on",
            "wal_log_hints = on",
            "full_page_writes = on",
            "wal_keep_size = '256MB'",
            "max_wal_size = '256MB'",
            "min_wal_size = '32MB'",
            "synchronous_commit = on",
            "wal_receiver_status_interval = 1s",
            "wal_retrieve_retry_interval = 1s",
            "wal_sender_timeout = 10s",
            "wal_receiver_timeout = 10s",
            "recovery_target_timeline = 'latest'",
            "shared_preload_libraries = 'pg_stat_statements'",
            AuroraSettings.CONF_LINE,
            "# Serverless v2: the node's current capacity (ACU), set per node with ALTER SYSTEM (which needs the",
            "# placeholder to exist); '' when the lab is not serverless",
            ServerlessCapacity.SETTING + " = ''",
            "password_encryption = 'scram-sha-256'",
            "# a lab, not a database: a killed process loses nothing with fsync=off (the OS keeps the page cache)",
            "fsync = off",
            "log_min_messages = warning",
            "log_line_prefix = '%m [%p] %q%a '",
            "");

    static final String HBA = String.join("\n",
            "# AuroraLab: password (scram) authentication on loopback only",
            "local   all          all                 scram-sha-256",
            "host    all          all   127.0.0.0/8   scram-sha-256",
            "host    replication  all   127.0.0.0/8   scram-sha-256",
            "");

    private static final Duration STREAMING_TIMEOUT = Duration.ofSeconds(30);

    private ClusterBootstrap() {
    }

    static void build(PostgresInstance writer, List<PostgresInstance> readers, TopologyCatalog catalog,
                      LabCredentials credentials, String database, LabTls tls) {
        writer.initdb();
        writer.appendToFile("postgresql.conf", "\n" + SETTINGS + (tls == null ? "" : tls.settings()));
        writer.writeFile("pg_hba.conf", HBA);
        writer.start();
        try {
            try (Connection c = writer.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = local");
                s.execute("CREATE ROLE " + credentials.replicationUser() + " WITH REPLICATION LOGIN PASSWORD '"
                        + credentials.replicationPassword() + "'");
                // The clients' superuser; the lab itself logs in as the administrator (initdb's bootstrap user).
                s.execute("CREATE ROLE " + credentials.superuser() + " WITH SUPERUSER CREATEDB CREATEROLE LOGIN "
                        + "PASSWORD '" + credentials.superuserPassword() + "'");
                for (String db : List.of("template1", "postgres")) {
                    try (Connection dbc = writer.connect(db)) {
                        catalog.install(dbc);
                        AuroraSettings.install(dbc);
                        // as on an Aurora cluster whose team enabled it: statement texts for DB-load insights
                        try (Statement ds = dbc.createStatement()) {
                            ds.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                        }
                    }
                }
                s.execute("CREATE DATABASE " + database + " OWNER " + credentials.superuser());
            }
            List<PostgresInstance> all = new ArrayList<>();
            all.add(writer);
            all.addAll(readers);
            catalog.writeMembership(writer, all);
        } catch (SQLException e) {
            throw new AuroraLabException("cannot prepare the writer " + writer.id() + ": " + e.getMessage(), e);
        }
        cloneReaders(writer, readers);
    }

    private static void cloneReaders(PostgresInstance writer, List<PostgresInstance> readers) {
        if (readers.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(readers.size(), 4), r -> {
            Thread t = new Thread(r, "aurora-lab-bootstrap");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (PostgresInstance reader : readers) {
                futures.add(pool.submit(() -> {
                    reader.cloneFrom(writer);
                    reader.start();
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new AuroraLabException("cloning a reader failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuroraLabException("interrupted while cloning readers", e);
        } finally {
            pool.shutdownNow();
        }
        awaitStreaming(writer, readers);
    }

    private static void awaitStreaming(PostgresInstance writer, List<PostgresInstance> readers) {
        long deadline = System.nanoTime() + STREAMING_TIMEOUT.toNanos();
        List<String> streaming = List.of();
        while (System.nanoTime() < deadline) {
            try {
                streaming = writer.streamingStandbys();
            } catch (SQLException e) {
                throw new AuroraLabException("cannot query pg_stat_replication on " + writer.id(), e);
            }
            List<String> finalStreaming = streaming;
            if (readers.stream().allMatch(r -> finalStreaming.contains(r.id()))) {
                return;
            }
            FailoverController.sleep(Duration.ofMillis(10));
        }
        throw new AuroraLabException("readers " + readers + " did not all stream from " + writer.id() + " within "
                + STREAMING_TIMEOUT.toMillis() + " ms (streaming: " + streaming + ")");
    }
}
