package io.aurorakit;

import com.zaxxer.hikari.HikariConfig;
import io.aurorakit.config.AuroraConfig;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.internal.Secrets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDBC driver for {@code jdbc:aurora:postgresql://host[:port]/db?params} URLs. Each connection is opened through the
 * AWS Advanced JDBC Wrapper ({@code jdbc:aws-wrapper:postgresql://}) with the same defaults, presets and validation
 * as {@link AuroraDataSource}, so any pool needs only a URL, e.g. in Spring Boot:
 *
 * <pre>{@code
 * spring.datasource.url=jdbc:aurora:postgresql://mycluster.cluster-abc.us-east-1.rds.amazonaws.com/app?preset=fast-failover
 * spring.datasource.hikari.exception-override-class-name=software.amazon.jdbc.util.HikariCPSQLException
 * }</pre>
 *
 * <p>Registered with {@link DriverManager} when the class loads and via {@code META-INF/services/java.sql.Driver}.
 * It accepts every {@code jdbc:aurora:} URL, so that a wrong one (e.g. {@code jdbc:aurora:mysql://}) gets an
 * explanation rather than DriverManager's "No suitable driver found for" followed by the whole URL, password included.
 * Invalid URLs or properties fail at connect with a {@link SQLNonTransientConnectionException} (SQLState 22023; 08001
 * is not used, so retry logic does not retry a configuration error) naming the property, the masked value and the
 * expected form. The pool and the retry helpers of {@link AuroraDataSource} are not part of a driver connection.
 */
public final class AuroraDriver implements java.sql.Driver {

    /** The URL prefix this driver serves. */
    public static final String URL_PREFIX = "jdbc:aurora:postgresql:";
    /** The URL prefix this driver accepts (and explains when it is not {@link #URL_PREFIX}). */
    public static final String ACCEPTED_PREFIX = "jdbc:aurora:";

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(AuroraDriver.class);
    private static final AuroraDriver REGISTERED = new AuroraDriver();

    static {
        try {
            DriverManager.registerDriver(REGISTERED);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final java.sql.Driver wrapper = new software.amazon.jdbc.Driver();
    private final Set<String> explainedEndpoints = ConcurrentHashMap.newKeySet();

    /** Creates a driver; applications normally let {@link DriverManager} do this. */
    public AuroraDriver() {
        // stateless apart from the once-per-endpoint log note
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        AuroraConfig config;
        try {
            config = AuroraConfig.fromUrl(url, info);
        } catch (IllegalArgumentException e) {
            throw new SQLNonTransientConnectionException("Invalid aurora-kit connection settings: "
                    + Secrets.mask(e.getMessage()), "22023");
        }
        config.failoverDisabledReason().ifPresent(reason -> {
            if (explainedEndpoints.add(config.host() + ":" + config.port())) {
                LOG.info(reason);
            }
        });
        HikariConfig settings = config.hikariConfig();
        Properties props = new Properties();
        props.putAll(settings.getDataSourceProperties());
        if (settings.getUsername() != null) {
            props.setProperty(AuroraProperty.USER.key(), settings.getUsername());
        }
        if (settings.getPassword() != null) {
            props.setProperty(AuroraProperty.PASSWORD.key(), settings.getPassword());
        }
        return wrapper.connect(settings.getJdbcUrl(), props);
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(ACCEPTED_PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        AuroraProperty[] all = AuroraProperty.values();
        DriverPropertyInfo[] result = new DriverPropertyInfo[all.length];
        for (int i = 0; i < all.length; i++) {
            AuroraProperty p = all[i];
            String current = info == null ? null : info.getProperty(p.key());
            DriverPropertyInfo d = new DriverPropertyInfo(p.key(),
                    p.isSecret() || Secrets.isSecretKey(p.key()) ? null
                            : (current != null ? current : p.defaultValue().orElse(null)));
            d.description = p.description();
            d.required = false;
            if (!p.choices().isEmpty()) {
                d.choices = p.choices().toArray(new String[0]);
            }
            result[i] = d;
        }
        return result;
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("io.aurorakit");
    }
}
