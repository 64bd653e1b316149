package io.aurorakit.lab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Aurora PostgreSQL's {@code rds.extensions} setting, where dialect detection looks (the AWS wrapper's
 * {@code AuroraPgDialect} wants {@code aurora_stat_utils} in its {@code pg_settings} row): {@link #CONF_LINE} for
 * {@code postgresql.conf}, which pg_basebackup copies to every reader, and the {@value #SCRIPT} resource, which makes
 * that otherwise hidden placeholder setting a row of {@code pg_catalog.pg_settings} (a redefined view: plain SQL,
 * nothing to build or load into the server).
 */
final class AuroraSettings {

    static final String SCRIPT = "aurora-settings.sql";

    /**
     * A part of Aurora PostgreSQL's list (comma-separated, like Aurora's): {@code aurora_stat_utils} marks Aurora, and
     * {@code rds_tools} is listed as on Aurora, so the wrapper's RDS for PostgreSQL check fails only because of
     * {@code aurora_stat_utils}, as it does on Aurora.
     */
    static final String RDS_EXTENSIONS = "apg_plan_mgmt, aurora_stat_utils, aws_commons, aws_lambda, aws_ml, aws_s3, "
            + "btree_gin, btree_gist, citext, hstore, pg_stat_statements, pg_trgm, pgcrypto, plpgsql, postgis, "
            + "postgres_fdw, rds_tools, uuid-ossp";

    /** The {@code postgresql.conf} line every instance shares. */
    static final String CONF_LINE = "rds.extensions = '" + RDS_EXTENSIONS + "'";

    private AuroraSettings() {
    }

    /** Installs the {@code pg_settings} view with its {@code rds.extensions} row into one database (idempotent). */
    static void install(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(script());
        }
    }

    private static String script() {
        try (InputStream in = AuroraSettings.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new AuroraLabException("resource io/aurorakit/lab/" + SCRIPT + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AuroraLabException("cannot read resource " + SCRIPT, e);
        }
    }
}
