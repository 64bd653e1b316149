package io.aurorakit.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * One PostgreSQL server of the lab: its data directory, its address and port, and the process operations the control
 * plane needs (start, clean stop, kill -9, clone from another instance, configure as a standby). Per-instance
 * settings (address, port, instance id) go on the postmaster's command line, never into PGDATA, because
 * pg_basebackup and pg_rewind copy the configuration files. The postmaster is started by {@code pg_ctl}, which puts
 * it in a process group of its own, so a crash kills the postmaster and every backend at once.
 */
final class PostgresInstance {

    /**
     * The lab's process state of this server. {@code PAUSED} is a Serverless v2 pause: the server is stopped cleanly,
     * but the instance is not down (Aurora keeps its status {@code available}); {@link #running()} is false.
     */
    enum State { RUNNING, STOPPED, CRASHED, PAUSED }

    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(60);

    private final String id;
    private final int number;
    private final String address;
    private final int port;
    private final String sessionId;
    private final LabWorkspace workspace;
    private final PostgresBinaries binaries;
    private final LabCredentials credentials;
    private volatile int tier;
    private volatile State state = State.STOPPED;

    PostgresInstance(int number, String address, int port, int tier, LabWorkspace workspace,
                     PostgresBinaries binaries, LabCredentials credentials) {
        this.number = number;
        this.id = LabNetwork.instanceId(number);
        this.address = address;
        this.port = port;
        this.tier = tier;
        this.sessionId = UUID.nameUUIDFromBytes((workspace.root() + "/" + id).getBytes(StandardCharsets.UTF_8))
                .toString();
        this.workspace = workspace;
        this.binaries = binaries;
        this.credentials = credentials;
    }

    String id() {
        return id;
    }

    int number() {
        return number;
    }

    String address() {
        return address;
    }

    int port() {
        return port;
    }

    int tier() {
        return tier;
    }

    void tier(int newTier) {
        this.tier = newTier;
    }

    String sessionId() {
        return sessionId;
    }

    State state() {
        return state;
    }

    boolean running() {
        return state == State.RUNNING;
    }

    /** Paused by Serverless v2 (server stopped cleanly; a connection resumes it). */
    boolean paused() {
        return state == State.PAUSED;
    }

    Path dataDir() {
        return workspace.dataDir(id);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + address + ":" + port + "/" + database;
    }

    /** initdb (only the first writer): scram auth, --no-sync, the lab's administrator with its password. */
    void initdb() {
        binaries.run(workspace.root(), Map.of(), Duration.ofMinutes(2), "initdb", "-D", dataDir().toString(),
                "-U", credentials.adminUser(), "--pwfile=" + credentials.adminPasswordFile(),
                "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions");
    }

    /** Appends to a configuration file in PGDATA (as the PostgreSQL account). */
    void appendToFile(String fileName, String text) {
        Path file = dataDir().resolve(fileName);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            binaries.giveToPostgres(file);
        } catch (IOException e) {
            throw new AuroraLabException("cannot write " + file, e);
        }
    }

    void writeFile(String fileName, String text) {
        Path file = dataDir().resolve(fileName);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            binaries.giveToPostgres(file);
        } catch (IOException e) {
            throw new AuroraLabException("cannot write " + file, e);
        }
    }

    void start() {
        String options = "-c listen_addresses=" + address + " -c port=" + port + " -c aurora_lab.instance_id=" + id
                + " -c cluster_name=" + id;
        binaries.run(workspace.root(), Map.of(), PG_CTL_TIMEOUT, "pg_ctl", "-D", dataDir().toString(),
                "-l", workspace.logFile(id).toString(), "-w", "-t", Long.toString(PG_CTL_TIMEOUT.toSeconds()),
                "-o", options, "start");
        state = State.RUNNING;
    }

    /** Clean shutdown ({@code pg_ctl stop -m fast}): walsenders ship all WAL, including the shutdown checkpoint. */
    void stopFast() {
        if (state == State.RUNNING) {
            binaries.run(workspace.root(), Map.of(), PG_CTL_TIMEOUT, "pg_ctl", "-D", dataDir().toString(),
                    "-m", "fast", "-w", "-t", Long.toString(PG_CTL_TIMEOUT.toSeconds()), "stop");
        }
        state = State.STOPPED;
    }

    /** A Serverless v2 pause: a clean stop ({@link #stopFast()}, client sessions end), then state PAUSED. */
    void pause() {
        stopFast();
        state = State.PAUSED;
    }

    /** SIGKILL to the postmaster's process group: postmaster and every backend die at once, like a host crash. */
    void kill() {
        Optional<Long> pid = postmasterPid();
        if (pid.isPresent() && LabWorkspace.isPostmasterOf(pid.get(), dataDir())) {
            LabWorkspace.killGroup(pid.get());
            LabWorkspace.releaseSharedMemory(dataDir());
            try {
                // the killed postmaster may linger as a zombie, which a new postmaster would take for a live one
                Files.deleteIfExists(dataDir().resolve("postmaster.pid"));
            } catch (IOException e) {
                throw new AuroraLabException("cannot remove the stale postmaster.pid of " + id, e);
            }
        }
        state = State.CRASHED;
    }

    Path logFile() {
        return workspace.logFile(id);
    }

    Optional<Long> postmasterPid() {
        return LabWorkspace.readPid(dataDir().resolve("postmaster.pid"));
    }

    /** Whether a postmaster for this data directory is alive (regardless of what the lab believes). */
    boolean processAlive() {
        return postmasterPid().map(pid -> LabWorkspace.isPostmasterOf(pid, dataDir())).orElse(false);
    }

    /** Replaces the data directory with a fresh pg_basebackup of {@code source} and configures it as its standby. */
    void cloneFrom(PostgresInstance source) {
        try {
            LabWorkspace.deleteTree(dataDir());
        } catch (IOException e) {
            throw new AuroraLabException("cannot delete " + dataDir() + " before re-cloning " + id, e);
        }
        binaries.run(workspace.root(), Map.of("PGPASSFILE", credentials.passFile().toString()),
                Duration.ofMinutes(2), "pg_basebackup", "-D", dataDir().toString(), "-X", "stream", "-c", "fast",
                "--no-sync", "-d", "host=" + source.address + " port=" + source.port + " user="
                        + credentials.replicationUser() + " application_name=" + id + " connect_timeout=5"
                        + " sslmode=disable"); // replication stays plain: the lab's TLS is for clients
        configureAsStandbyOf(source);
        state = State.STOPPED;
    }

    /** Offline: makes the (stopped) server start as a standby streaming from {@code primary}. */
    void configureAsStandbyOf(PostgresInstance primary) {
        writeFile("standby.signal", "");
        appendToFile("postgresql.auto.conf", "primary_conninfo = '" + primaryConninfo(primary) + "'\n");
    }

    String primaryConninfo(PostgresInstance primary) {
        return "host=" + primary.address + " port=" + primary.port + " user=" + credentials.replicationUser()
                + " passfile=" + credentials.passFile() + " application_name=" + id + " connect_timeout=2"
                + " sslmode=disable";
    }

    /** Online: re-points a running standby at {@code primary} (the WAL receiver restarts on reload). */
    void repointTo(PostgresInstance primary) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET primary_conninfo = '" + primaryConninfo(primary) + "'");
            s.execute("SELECT pg_catalog.pg_reload_conf()");
        }
    }

    /**
     * A direct control-plane connection as the lab's administrator (a superuser whose password never rotates),
     * bypassing the proxy.
     */
    Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", credentials.adminUser());
        props.setProperty("password", credentials.adminPassword());
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "60");
        props.setProperty("ApplicationName", LabSessions.CONTROL);
        props.setProperty("sslmode", "disable");
        Connection c = new org.postgresql.Driver().connect(jdbcUrl(database), props);
        if (c == null) {
            throw new SQLException("pgjdbc refused the URL " + jdbcUrl(database));
        }
        return c;
    }

    /**
     * How far this standby has WAL: the further of what it received and what it replayed. (A WAL receiver that
     * restarts - its primary died - starts over at the beginning of a segment, so the received position alone can
     * fall behind what was replayed.)
     */
    long walPosition() throws SQLException {
        return queryLong("SELECT (GREATEST(coalesce(pg_catalog.pg_last_wal_receive_lsn(), '0/0'),"
                + " coalesce(pg_catalog.pg_last_wal_replay_lsn(), '0/0')) - '0/0'::pg_lsn)::bigint");
    }

    /** The end of the last WAL record this standby replayed: as far as it can stream WAL to a cascaded standby. */
    long replayedLsn() throws SQLException {
        return queryLong("SELECT (coalesce(pg_catalog.pg_last_wal_replay_lsn(), '0/0') - '0/0'::pg_lsn)::bigint");
    }

    /**
     * Whether this standby's recovery is waiting for WAL that has not come (its startup process waits on
     * {@code RecoveryWalStream} or {@code RecoveryRetrieveRetryInterval}): it has replayed every complete record it
     * holds, rather than being held up by a conflict with a query.
     */
    boolean replayWaitsForWal() throws SQLException {
        return queryLong("SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE backend_type = 'startup'"
                + " AND wait_event IN ('RecoveryWalStream', 'RecoveryRetrieveRetryInterval')") > 0;
    }

    boolean inRecovery() throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** pg_promote(wait => true). */
    void promote() throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_promote(true, 60)")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                throw new AuroraLabException("pg_promote() on " + id + " did not finish within 60 s");
            }
        }
    }

    /** Terminates every client session except the caller's (Aurora restarts the failover target). */
    int terminateClientSessions() throws SQLException {
        return (int) queryLong("SELECT count(pg_catalog.pg_terminate_backend(pid)) FROM pg_catalog.pg_stat_activity "
                + "WHERE backend_type = 'client backend' AND pid <> pg_catalog.pg_backend_pid()");
    }

    /** The application names of standbys streaming from this server. */
    List<String> streamingStandbys() throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT application_name FROM pg_catalog.pg_stat_replication "
                     + "WHERE state = 'streaming' ORDER BY 1")) {
            List<String> names = new java.util.ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    long queryLong(String sql) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public String toString() {
        return id + "@" + address + ":" + port + "(" + state + ")";
    }
}
