package io.aurorakit.drill;

import io.aurorakit.config.AuroraConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Before a {@code --url} drill: one plain PostgreSQL connection to the endpoint, which must answer Aurora's topology
 * functions ({@code aurora_db_instance_identifier()}, {@code aurora_replica_status()}) and be the writer. Without this a
 * non-Aurora target fails every operation, never says why and then waits {@code --manual-wait} for a failover that
 * cannot be seen. Connects with pgjdbc directly (short timeouts, the URL's own pgjdbc parameters such as
 * {@code sslmode}), not through the wrapper, so that the cause of a failure is the driver's own message.
 */
final class ClusterPreCheck {

    private static final String WRAPPER_PREFIX = "jdbc:aws-wrapper:postgresql://";
    private static final String UNDEFINED_FUNCTION = "42883";

    private ClusterPreCheck() {
    }

    /** A failed pre-check: the one line to print (naming {@code --url}) and the exit code. */
    static final class Failure extends RuntimeException {
        private final int exitCode;

        Failure(String message, int exitCode) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    /**
     * Connects once and returns the writer's instance identifier.
     *
     * @throws Failure {@link DrillCommand#FAIL} when the endpoint cannot be reached or logged into,
     *                 {@link DrillCommand#USAGE} when it answers but is not an Aurora PostgreSQL writer
     */
    static String check(AuroraConfig config) {
        String endpoint = config.host() + ":" + config.port() + "/" + config.database();
        String jdbcUrl = config.hikariConfig().getJdbcUrl();
        if (!jdbcUrl.startsWith(WRAPPER_PREFIX)) {
            throw new IllegalStateException("unexpected wrapper URL form: " + Secrets.maskUrl(jdbcUrl));
        }
        Properties properties = connectionProperties(config);
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + jdbcUrl.substring(WRAPPER_PREFIX.length()), properties)) {
            return topology(connection, endpoint);
        } catch (SQLException e) {
            throw new Failure("--url: cannot connect to " + endpoint + ": " + oneLine(e), DrillCommand.FAIL);
        }
    }

    private static String topology(Connection connection, String endpoint) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_catalog.aurora_db_instance_identifier(),"
                     + " (SELECT count(*) FROM pg_catalog.aurora_replica_status()), pg_catalog.pg_is_in_recovery()")) {
            row.next();
            if (row.getLong(2) == 0) {
                throw new Failure("--url: " + endpoint + " is not an Aurora PostgreSQL cluster: aurora_replica_status()"
                        + " lists no instance", DrillCommand.USAGE);
            }
            if (row.getBoolean(3)) {
                throw new Failure("--url: " + endpoint + " is a reader (instance " + row.getString(1)
                        + "); give the cluster (writer) endpoint", DrillCommand.USAGE);
            }
            return row.getString(1);
        } catch (SQLException e) {
            if (UNDEFINED_FUNCTION.equals(e.getSQLState())) {
                throw new Failure("--url: " + endpoint + " is not Aurora PostgreSQL: it has no"
                        + " aurora_db_instance_identifier()/aurora_replica_status() (the drill needs an Aurora cluster"
                        + " endpoint)", DrillCommand.USAGE);
            }
            throw e;
        }
    }

    /** The URL's pgjdbc parameters with the credentials and short pgjdbc timeouts (seconds, as pgjdbc reads them). */
    private static Properties connectionProperties(AuroraConfig config) {
        Properties properties = new Properties();
        properties.putAll(config.wrapperProperties());
        var hikari = config.hikariConfig();
        if (hikari.getUsername() != null) {
            properties.setProperty("user", hikari.getUsername());
        }
        if (hikari.getPassword() != null) {
            properties.setProperty("password", hikari.getPassword());
        }
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("loginTimeout", "15");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("ApplicationName", "aurora-kit drill pre-check");
        return properties;
    }

    private static String oneLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause instanceof java.net.UnknownHostException) {
            message += " (unknown host " + cause.getMessage() + ")";
        } else if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ")";
        }
        return message.replaceAll("\\s*\\R\\s*", " ").trim()
                + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]");
    }
}
