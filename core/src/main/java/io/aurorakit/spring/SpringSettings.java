package io.aurorakit.spring;

import com.zaxxer.hikari.HikariDataSource;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.AuroraDriver;
import io.aurorakit.config.AuroraConfig;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.internal.EditDistance;
import io.aurorakit.retry.FailoverListener;
import io.aurorakit.retry.RetryPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Reads an {@link AuroraDataSource} out of Spring's {@link Environment}: {@code spring.datasource.url/username/password}
 * (or {@code aurora.cluster-endpoint} + {@code aurora.database}), every {@link AuroraProperty} as
 * {@code aurora.<kebab-case key>} (relaxed binding: {@code AURORA_CONNECTTIMEOUT} works too), and
 * {@code spring.datasource.hikari.*} onto both pools. Unknown {@code aurora.*} keys in the application's configuration
 * files are rejected with the nearest known key, as misspelt URL parameters are.
 */
final class SpringSettings {

    static final String PREFIX = "aurora";
    static final String CLUSTER_ENDPOINT = "aurora.cluster-endpoint";
    static final String READER_ENDPOINT = "aurora.reader-endpoint";
    static final String DATABASE = "aurora.database";
    static final String URL = "spring.datasource.url";
    static final String USERNAME = "spring.datasource.username";
    static final String PASSWORD = "spring.datasource.password";
    static final String DRIVER = "spring.datasource.driver-class-name";
    static final String HIKARI = "spring.datasource.hikari";

    /** Hikari settings that are aurora-kit properties too: bound as those, so presets and validation apply. */
    private static final Map<String, AuroraProperty> HIKARI_AS_AURORA = Map.of(
            "maximum-pool-size", AuroraProperty.MAXIMUM_POOL_SIZE,
            "minimum-idle", AuroraProperty.MINIMUM_IDLE,
            "idle-timeout", AuroraProperty.IDLE_TIMEOUT,
            "connection-timeout", AuroraProperty.POOL_CONNECTION_TIMEOUT);

    /** Hikari settings aurora-kit sets itself from the URL and credentials; the application must not override them. */
    private static final List<String> HIKARI_OWNED = List.of("jdbc-url", "driver-class-name", "username", "password",
            "read-only", "data-source-class-name", "data-source-j-n-d-i", "exception-override-class-name");

    private final Environment environment;
    private final Binder binder;

    SpringSettings(Environment environment) {
        this.environment = environment;
        this.binder = Binder.get(environment);
    }

    /** Whether the application asked for aurora-kit: a {@code jdbc:aurora:} URL or an {@code aurora.cluster-endpoint}. */
    static boolean requested(Environment environment) {
        String url = environment.getProperty(URL);
        return (url != null && url.trim().startsWith("jdbc:aurora:"))
                || Binder.get(environment).bind(CLUSTER_ENDPOINT, String.class).isBound();
    }

    /** The {@code aurora.*} names that are not catalogue properties, with what they mean. */
    static final Map<String, String> ENDPOINT_NAMES = endpointNames();

    private static Map<String, String> endpointNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(CLUSTER_ENDPOINT, "The cluster (writer) endpoint as host[:port] (port 5432 when left out), instead"
                + " of a jdbc:aurora: spring.datasource.url; needs aurora.database.");
        names.put(READER_ENDPOINT, "A reader endpoint (e.g. the cluster-ro- endpoint) as host[:port]: a second,"
                + " read-only pool used by AuroraDataSource.read().");
        names.put(DATABASE, "The database name, with aurora.cluster-endpoint (a spring.datasource.url names it"
                + " itself).");
        return Map.copyOf(names);
    }

    /** Every {@code aurora.*} name aurora-kit reads. */
    static List<String> knownNames() {
        List<String> names = new ArrayList<>(List.of(CLUSTER_ENDPOINT, READER_ENDPOINT, DATABASE));
        Arrays.stream(AuroraProperty.values()).map(AuroraProperty::springName).forEach(names::add);
        return names;
    }

    /** The data source, validated; {@link IllegalArgumentException} names the Spring property at fault. */
    AuroraDataSource dataSource(RetryPolicy policy, Stream<FailoverListener> listeners) {
        rejectUnknownKeys();
        rejectOwnedHikariKeys();
        AuroraDataSource.Builder b = AuroraDataSource.builder();
        endpoint(b);
        credentials(b);
        for (Map.Entry<String, String> e : map(HIKARI + ".data-source-properties").entrySet()) {
            b.property(e.getKey(), e.getValue());
        }
        HIKARI_AS_AURORA.forEach((hikariKey, property) -> hikariAsAurora(b, hikariKey, property));
        Map<String, String> springNames = new LinkedHashMap<>();
        for (AuroraProperty property : AuroraProperty.values()) {
            if (property == AuroraProperty.USER || property == AuroraProperty.PASSWORD) {
                continue;
            }
            value(property.springName()).ifPresent(v -> {
                b.property(property.key(), v);
                springNames.put(property.key(), property.springName());
            });
        }
        if (policy != null) {
            b.retryPolicy(policy);
        }
        AuroraDataSource ds = build(b, springNames);
        try {
            listeners.forEach(ds::addListener);
            ds.pools().forEach(this::bindHikari);
            return ds;
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /**
     * Builds, naming the Spring property a rejected value came from: the builder's message starts with the catalogue
     * key ({@code failureDetectionCount='0' is invalid; ...}).
     */
    private static AuroraDataSource build(AuroraDataSource.Builder b, Map<String, String> springNames) {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            for (Map.Entry<String, String> name : springNames.entrySet()) {
                if (message.startsWith(name.getKey() + "=")) {
                    throw new IllegalArgumentException(name.getValue() + ": " + message, e);
                }
            }
            throw e;
        }
    }

    private void endpoint(AuroraDataSource.Builder b) {
        Optional<String> url = value(URL);
        Optional<String> cluster = value(CLUSTER_ENDPOINT);
        if (url.isPresent() && cluster.isPresent()) {
            throw new IllegalArgumentException(URL + " and " + CLUSTER_ENDPOINT + " are both set; expected one of them:"
                    + " a jdbc:aurora:postgresql:// URL, or the endpoint (host[:port]) with " + DATABASE);
        }
        if (cluster.isPresent()) {
            HostPort writer = HostPort.parse(CLUSTER_ENDPOINT, cluster.get());
            b.clusterEndpoint(writer.host, writer.port);
            b.database(value(DATABASE).orElseThrow(() -> new IllegalArgumentException(DATABASE + " is not set;"
                    + " expected the database name (e.g. app) next to " + CLUSTER_ENDPOINT)));
        } else {
            String u = url.orElseThrow();
            if (!u.startsWith("jdbc:aurora:")) {
                throw new IllegalArgumentException(URL + " does not start with jdbc:aurora:; expected"
                        + " jdbc:aurora:postgresql://host[:port]/db");
            }
            rejectInUrlForm(DATABASE);
            inProperty(URL, () -> b.url(u));
        }
        value(READER_ENDPOINT).ifPresent(r -> {
            HostPort reader = HostPort.parse(READER_ENDPOINT, r);
            b.readerEndpoint(reader.host, reader.port);
        });
        value(DRIVER).ifPresent(driver -> {
            if (!driver.equals(AuroraDriver.class.getName())) {
                throw new IllegalArgumentException(DRIVER + "='" + driver + "' is invalid with aurora-kit; expected "
                        + AuroraDriver.class.getName() + " or nothing (aurora-kit picks the driver)");
            }
        });
    }

    private void rejectInUrlForm(String name) {
        if (value(name).isPresent()) {
            throw new IllegalArgumentException(name + " is set next to " + URL + "; expected the database in the URL"
                    + " (jdbc:aurora:postgresql://host:port/db) only");
        }
    }

    private void credentials(AuroraDataSource.Builder b) {
        String user = agreed(USERNAME, AuroraProperty.USER.springName(), false);
        if (user != null) {
            b.user(user);
        }
        String password = agreed(PASSWORD, AuroraProperty.PASSWORD.springName(), true);
        if (password != null) {
            b.password(password);
        }
    }

    /** The value of whichever of two names is set; both set to different values is an error. */
    private String agreed(String springName, String auroraName, boolean secret) {
        Optional<String> spring = value(springName);
        Optional<String> aurora = value(auroraName);
        if (spring.isPresent() && aurora.isPresent() && !spring.get().equals(aurora.get())) {
            throw new IllegalArgumentException(springName + (secret ? "" : "='" + spring.get() + "'") + " and "
                    + auroraName + (secret ? "" : "='" + aurora.get() + "'") + " disagree; expected one of them, or"
                    + " the same value");
        }
        return spring.orElse(aurora.orElse(null));
    }

    private void hikariAsAurora(AuroraDataSource.Builder b, String hikariKey, AuroraProperty property) {
        String hikariName = HIKARI + "." + hikariKey;
        Optional<String> hikari = value(hikariName);
        Optional<String> aurora = value(property.springName());
        if (hikari.isEmpty()) {
            return;
        }
        if (aurora.isPresent()) {
            throw new IllegalArgumentException(hikariName + " and " + property.springName() + " are both set; expected"
                    + " one of them");
        }
        String v = hikari.get().trim();
        boolean millis = property.unit().equals("duration") && v.chars().allMatch(Character::isDigit);
        String value = millis ? v + "ms" : v; // HikariCP's own form: a number of milliseconds
        inProperty(hikariName, () -> b.property(property.key(), value));
    }

    /** Binds the remaining {@code spring.datasource.hikari.*} settings (pool name, lifetimes, leak detection...). */
    private void bindHikari(String role, HikariDataSource pool) {
        Properties driverProperties = new Properties();
        driverProperties.putAll(pool.getDataSourceProperties());
        int maximumPoolSize = pool.getMaximumPoolSize();
        int minimumIdle = pool.getMinimumIdle();
        long idleTimeout = pool.getIdleTimeout();
        long connectionTimeout = pool.getConnectionTimeout();
        String poolName = pool.getPoolName();
        binder.bind(HIKARI, Bindable.ofInstance(pool));
        // Those were translated into the wrapper's units and applied already; the binder copies them raw.
        pool.getDataSourceProperties().clear();
        pool.getDataSourceProperties().putAll(driverProperties);
        pool.setMaximumPoolSize(maximumPoolSize);
        pool.setMinimumIdle(minimumIdle);
        pool.setIdleTimeout(idleTimeout);
        pool.setConnectionTimeout(connectionTimeout);
        Optional<String> name = value(HIKARI + ".pool-name");
        pool.setPoolName(name.map(n -> role.equals("writer") ? n : n + "-" + role).orElse(poolName));
    }

    private void rejectOwnedHikariKeys() {
        for (String key : HIKARI_OWNED) {
            Optional<String> v = value(HIKARI + "." + key);
            if (v.isEmpty()) {
                continue;
            }
            if (key.equals("exception-override-class-name") && v.get().equals(AuroraConfig.HIKARI_EXCEPTION_OVERRIDE)) {
                continue; // what aurora-kit sets anyway (an earlier README recipe said to set it)
            }
            throw new IllegalArgumentException(HIKARI + "." + key + " is set, but aurora-kit sets it itself (from "
                    + URL + " and the credentials); expected it unset");
        }
    }

    /** Rejects {@code aurora.*} names in the application's configuration that aurora-kit does not read. */
    private void rejectUnknownKeys() {
        Set<String> known = new TreeSet<>();
        knownNames().forEach(n -> known.add(normal(n)));
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable) || isEnvironmentVariables(source)) {
                continue;
            }
            ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX);
            iterable.stream().filter(prefix::isAncestorOf).map(ConfigurationPropertyName::toString)
                    .filter(n -> !known.contains(normal(n))).findFirst().ifPresent(n -> {
                        throw new IllegalArgumentException(n + " is not an aurora-kit property" + nearest(n)
                                + "; expected one of " + String.join(", ", knownNames()));
                    });
        }
    }

    /** Environment variables are left alone: {@code AURORA_*} may belong to anything else on the machine. */
    private static boolean isEnvironmentVariables(ConfigurationPropertySource source) {
        Object underlying = source.getUnderlyingSource();
        return underlying instanceof org.springframework.core.env.PropertySource<?> ps
                && ps.getName().contains("systemEnvironment");
    }

    private static String nearest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : knownNames()) {
            int d = EditDistance.between(normal(known), normal(name));
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return bestDistance <= 3 ? "; did you mean " + best + "?" : "";
    }

    private static String normal(String name) {
        return name.replace("-", "").toLowerCase(Locale.ROOT);
    }

    private Optional<String> value(String name) {
        return Optional.ofNullable(binder.bind(name, String.class).orElse(null)).map(String::trim)
                .filter(v -> !v.isEmpty());
    }

    private Map<String, String> map(String name) {
        return new LinkedHashMap<>(binder.bind(name, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()));
    }

    /** Runs a builder step, naming the Spring property a bad value came from. */
    private static void inProperty(String name, Runnable step) {
        try {
            step.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /** {@code host[:port]} of an endpoint property. */
    private record HostPort(String host, int port) {
        static HostPort parse(String name, String value) {
            String v = value.trim();
            int colon = v.lastIndexOf(':');
            if (colon < 0) {
                return new HostPort(v, 5432);
            }
            try {
                int port = Integer.parseInt(v.substring(colon + 1));
                if (port < 1 || port > 65535 || colon == 0) {
                    throw new NumberFormatException();
                }
                return new HostPort(v.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "='" + v + "' is invalid; expected host[:port] such as"
                        + " mycluster.cluster-abc.us-east-1.rds.amazonaws.com:5432");
            }
        }
    }
}
