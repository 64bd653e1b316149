package io.aurorakit.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Aurora's topology functions in {@code pg_catalog} ({@code aurora_replica_status()},
 * {@code aurora_db_instance_identifier()}, {@code aurora_version()}) from the {@value #SCRIPT} resource, and the
 * {@code aurora_lab.members} membership table behind them, which this class writes on the writer (WAL carries it to the
 * readers). Every connectable database gets its own copy; {@link #writeMembership} updates them all.
 */
final class TopologyCatalog {

    static final String SCRIPT = "aurora-topology.sql";

    private final String script;

    private TopologyCatalog(String script) {
        this.script = script;
    }

    static TopologyCatalog load() {
        try (InputStream in = TopologyCatalog.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new AuroraLabException("resource io/aurorakit/lab/" + SCRIPT + " is missing from the classpath");
            }
            return new TopologyCatalog(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AuroraLabException("cannot read resource " + SCRIPT, e);
        }
    }

    /** Installs the functions and the membership table into one database (idempotent). */
    void install(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(script);
        }
    }

    /**
     * Rewrites the membership on the writer, in every database that allows connections (installing the catalog where
     * it is missing). Uses {@code synchronous_commit = local}: the control plane must never wait on a standby.
     */
    void writeMembership(PostgresInstance writer, List<PostgresInstance> members) throws SQLException {
        List<String> databases = new ArrayList<>();
        try (Connection c = writer.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_catalog.pg_database WHERE datallowconn")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        }
        for (String database : databases) {
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
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL synchronous_commit = local");
            s.execute("DELETE FROM aurora_lab.members");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO aurora_lab.members "
                    + "(server_id, session_id, is_writer, promotion_tier) VALUES (?, ?, ?, ?)")) {
                for (PostgresInstance member : members) {
                    insert.setString(1, member.id());
                    insert.setString(2, member.sessionId());
                    insert.setBoolean(3, member == writer);
                    insert.setInt(4, member.tier());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
