package io.aurorakit.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.aurorakit.AuroraDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How one harness configuration writes and reads: either through {@link AuroraDataSource}'s helpers (which retry
 * after a failover) or, for configurations without aurora-kit, through a writer pool on the cluster endpoint and a
 * reader pool on the reader endpoint, the way applications use them today (no retry beyond the workload's next tick).
 */
abstract class LoadClient implements AutoCloseable {

    static final String TABLE = "harness_events";
    static final String INSERT = "INSERT INTO " + TABLE + " (k) VALUES (?)";
    static final String READ = "SELECT pg_catalog.aurora_db_instance_identifier()";

    abstract void write(String key) throws SQLException;

    abstract void read() throws SQLException;

    @Override
    public abstract void close();

    static void insert(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setString(1, key);
            s.executeUpdate();
        }
    }

    static String whoAmI(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(READ); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getString(1);
        }
    }

    /** aurora-kit: {@code write()} / {@code read()} helpers. */
    static final class AuroraKit extends LoadClient {
        private final AuroraDataSource dataSource;

        AuroraKit(AuroraDataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        void write(String key) throws SQLException {
            dataSource.write(c -> {
                insert(c, key);
                return null;
            });
        }

        @Override
        void read() throws SQLException {
            dataSource.read(LoadClient::whoAmI);
        }

        @Override
        public void close() {
            dataSource.close();
        }
    }

    /** A writer pool and a reader pool, autocommit statements. */
    static final class Pools extends LoadClient {
        private final HikariDataSource writer;
        private final HikariDataSource reader;

        Pools(HikariDataSource writer, HikariDataSource reader) {
            this.writer = writer;
            this.reader = reader;
        }

        @Override
        void write(String key) throws SQLException {
            try (Connection c = writer.getConnection()) {
                insert(c, key);
            }
        }

        @Override
        void read() throws SQLException {
            try (Connection c = reader.getConnection()) {
                whoAmI(c);
            }
        }

        @Override
        public void close() {
            try {
                reader.close();
            } finally {
                writer.close();
            }
        }
    }
}
