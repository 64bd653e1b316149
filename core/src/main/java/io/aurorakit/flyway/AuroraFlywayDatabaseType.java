package io.aurorakit.flyway;

import io.aurorakit.AuroraDriver;
import java.sql.Connection;
import java.sql.Types;
import java.util.Properties;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.base.BaseDatabaseType;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;

/**
 * Lets Flyway 13 open {@code jdbc:aurora:postgresql://} URLs: it claims exactly those URLs and has Flyway load
 * {@link AuroraDriver} for them. Flyway finds it on the classpath by itself ({@code ServiceLoader}); there is nothing
 * to register or configure:
 *
 * <pre>{@code
 * Flyway.configure()
 *         .dataSource("jdbc:aurora:postgresql://mycluster.cluster-abc.us-east-1.rds.amazonaws.com/app",
 *                 "app", password)
 *         .load()
 *         .migrate();
 * }</pre>
 *
 * <p>Only the URL is claimed. Once connected, Flyway types the connection by its product name as usual, so the
 * database is handled by Flyway's own PostgreSQL support ({@code org.flywaydb:flyway-database-postgresql}: parser,
 * advisory lock, schema history), which must be on the classpath; connection properties and credentials handling are
 * that module's too. Plain {@code jdbc:postgresql:} URLs and {@link javax.sql.DataSource DataSource}s are never
 * touched. Only Flyway loads this class, and it depends on {@code flyway-core} alone: an application without Flyway
 * never sees it, and one with Flyway but without its PostgreSQL module keeps Flyway's plugin discovery for other
 * databases and gets a {@code FlywayException} naming the missing module for an aurora URL.
 */
public class AuroraFlywayDatabaseType extends BaseDatabaseType {

    /** One above Flyway's PostgreSQL type (0), like Flyway's own PostgreSQL variants. */
    static final int PRIORITY = 1;

    /** Called by Flyway's plugin register. */
    public AuroraFlywayDatabaseType() {
        // stateless; Flyway's PostgreSQL type is looked up when needed, never here (plugins are built during lookup)
    }

    @Override
    public String getName() {
        return "Aurora PostgreSQL (aurora-kit)";
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    public int getNullType() {
        return Types.NULL;
    }

    @Override
    public boolean handlesJDBCUrl(String url) {
        return url != null && url.startsWith(AuroraDriver.URL_PREFIX);
    }

    /** {@link AuroraDriver}; fails with the module to add when Flyway's PostgreSQL support is missing. */
    @Override
    public String getDriverClass(String url, ClassLoader classLoader) {
        FlywayPostgres.type();
        return AuroraDriver.class.getName();
    }

    /** Never: connections are typed by Flyway's PostgreSQL type, so this one cannot take over any other database. */
    @Override
    public boolean handlesDatabaseProductNameAndVersion(String productName, String productVersion,
            Connection connection) {
        return false;
    }

    @Override
    public Database<?> createDatabase(Configuration configuration, JdbcConnectionFactory jdbcConnectionFactory,
            StatementInterceptor statementInterceptor) {
        return FlywayPostgres.type().createDatabase(configuration, jdbcConnectionFactory, statementInterceptor);
    }

    @Override
    public Parser createParser(Configuration configuration, ResourceProvider resourceProvider,
            ParsingContext parsingContext) {
        return FlywayPostgres.type().createParser(configuration, resourceProvider, parsingContext);
    }

    @Override
    public void setDefaultConnectionProps(String url, Properties props, ClassLoader classLoader) {
        FlywayPostgres.type().setDefaultConnectionProps(url, props, classLoader);
    }

    @Override
    public boolean externalAuthPropertiesRequired(String url, String username, String password) {
        return FlywayPostgres.type().externalAuthPropertiesRequired(url, username, password);
    }

    @Override
    public Properties getExternalAuthProperties(Configuration configuration, String url, String username) {
        return FlywayPostgres.type().getExternalAuthProperties(configuration, url, username);
    }

    @Override
    public String instantiateClassExtendedErrorMessage() {
        return "aurora-kit's driver needs software.amazon.jdbc:aws-advanced-jdbc-wrapper and org.postgresql:postgresql"
                + " on the classpath (aurora-kit-core depends on both).";
    }
}
