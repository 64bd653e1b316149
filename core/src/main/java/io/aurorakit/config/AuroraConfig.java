package io.aurorakit.config;

import io.aurorakit.internal.Secrets;
import io.aurorakit.internal.Durations;
import com.zaxxer.hikari.HikariConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The immutable, validated configuration of an aurora-kit DataSource or driver connection: endpoint(s), database,
 * credentials, the resolved {@link AuroraProperty} values (explicit value, else {@link Preset} value, else default)
 * and the pass-through properties. It translates itself into what the AWS Advanced JDBC Wrapper and HikariCP need;
 * {@link #wrapperProperties()} shows that translation (password left out) for tests and diagnostics.
 *
 * <pre>{@code
 * AuroraConfig config = AuroraConfig.builder()
 *     .url("jdbc:aurora:postgresql://mycluster.cluster-abc.us-east-1.rds.amazonaws.com/app?preset=fast-failover")
 *     .property("user", "app").property("password", secret)
 *     .build();
 * config.wrapperProperties().getProperty("failureDetectionTime"); // "2000"
 * }</pre>
 */
public final class AuroraConfig {

    /** Class name of the wrapper's JDBC driver, used by the HikariCP pools. */
    public static final String WRAPPER_DRIVER_CLASS = "software.amazon.jdbc.Driver";
    /** The wrapper's HikariCP exception override: keeps failed-over connections (08S02/08007) in the pool. */
    public static final String HIKARI_EXCEPTION_OVERRIDE = "software.amazon.jdbc.util.HikariCPSQLException";

    static final String WRAPPER_URL_PREFIX = "jdbc:aws-wrapper:postgresql://";
    static final String WRAPPER_PLUGINS = "wrapperPlugins";
    /** The AWS wrapper's efm2 starts watching a statement on a one-second tick after its grace time. */
    private static final Duration MONITORING_TICK = Duration.ofSeconds(1);
    static final String WRAPPER_DIALECT = "wrapperDialect";
    static final String CLUSTER_INSTANCE_HOST_PATTERN = "clusterInstanceHostPattern";
    static final String CUSTOM_ENDPOINT_PLUGIN = "customEndpoint";
    static final String GLOBAL_PATTERNS = "globalClusterInstanceHostPatterns";
    static final String FAILOVER_TIMEOUT_MS = "failoverTimeoutMs";
    static final String OPEN_CONNECTION_RETRY_TIMEOUT_MS = "openConnectionRetryTimeoutMs";

    private final String host;
    private final int port;
    private final String database;
    private final String readerHost;
    private final int readerPort;
    private final Preset preset;
    private final Map<AuroraProperty, String> values;
    private final Map<String, String> passThrough;
    private final EndpointKind kind;
    private final EndpointKind readerKind;
    private final boolean readerDerived;

    static {
        WrapperSystemDefaults.apply();
    }

    private AuroraConfig(Builder b, Preset preset, Map<AuroraProperty, String> values,
            Map<String, String> passThrough) {
        this.host = b.host;
        this.port = b.port;
        this.database = b.database == null ? "" : b.database;
        this.preset = preset;
        this.values = Collections.unmodifiableMap(values);
        this.passThrough = Collections.unmodifiableMap(passThrough);
        this.kind = EndpointKind.classify(host);
        this.readerDerived = b.readerHost == null && kind == EndpointKind.AURORA_WRITER_CLUSTER
                && readWriteSplitting() && bool(AuroraProperty.READER_POOL);
        this.readerHost = readerDerived ? EndpointKind.readerEndpointOf(host) : b.readerHost;
        this.readerPort = readerDerived ? port : b.readerPort;
        this.readerKind = readerHost == null ? null : EndpointKind.classify(readerHost);
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Parses a URL such as {@code jdbc:aurora:postgresql://host:5432/db?preset=fast-failover}; see {@link Builder#url}. */
    public static AuroraConfig fromUrl(String url, Properties info) {
        return builder().url(url, info).build();
    }

    /** The writer (cluster) endpoint host. */
    public String host() {
        return host;
    }

    /** The writer endpoint port. */
    public int port() {
        return port;
    }

    /** The database name; empty means pgjdbc's default (the user name). */
    public String database() {
        return database;
    }

    /**
     * The reader endpoint host of the reader pool, if there is one: the one given ({@code DATABASE_URL_READER},
     * {@code readerEndpoint}), or - with {@code readerPool=true}, the default - the cluster's reader endpoint
     * ({@code cluster-ro-}) named after an Aurora cluster endpoint.
     */
    public Optional<String> readerHost() {
        return Optional.ofNullable(readerHost);
    }

    /** Whether {@link #readerHost()} was named after the cluster endpoint rather than given. */
    public boolean readerHostDerived() {
        return readerDerived;
    }

    /** The reader endpoint port (meaningful only when {@link #readerHost()} is present). */
    public int readerPort() {
        return readerPort;
    }

    /** The preset the defaults came from. */
    public Preset preset() {
        return preset;
    }

    /** The resolved value of a property in canonical form, e.g. {@code 10s}; the password is never returned. */
    public Optional<String> value(AuroraProperty property) {
        if (property.isSecret()) {
            return Optional.empty();
        }
        return Optional.ofNullable(values.get(property));
    }

    /** The user, if one was given. */
    public Optional<String> user() {
        return value(AuroraProperty.USER);
    }

    /** Whether a password was given (the password itself is not exposed). */
    public boolean hasPassword() {
        return values.containsKey(AuroraProperty.PASSWORD);
    }

    /** The key of the wrapper's topology cache and monitors (default: writer {@code host:port}). */
    public String clusterId() {
        return values.getOrDefault(AuroraProperty.CLUSTER_ID, host + ":" + port);
    }

    /**
     * Whether failover, failure detection and read/write splitting are active for the writer endpoint: decided by
     * {@code failover=on|off}, or with {@code failover=auto} (default) by the endpoint name (see the README's endpoint
     * table) and by {@code clusterInstanceHostPattern} for CNAMEs.
     */
    public boolean failoverEnabled() {
        return failoverOn(kind, values.get(AuroraProperty.FAILOVER), passThrough);
    }

    /** Whether {@code setReadOnly(true)} switches the writer pool's connections to a reader. */
    public boolean readWriteSplitting() {
        return failoverEnabled() && bool(AuroraProperty.READ_WRITE_SPLITTING);
    }

    /** Why failover and splitting are inert for this endpoint (plain PostgreSQL host, RDS Proxy, failover=off). */
    public Optional<String> failoverDisabledReason() {
        if (failoverEnabled()) {
            return Optional.empty();
        }
        if ("off".equals(values.get(AuroraProperty.FAILOVER))) {
            return Optional.of("Endpoint " + host + ": failover=off, so failover, failure detection and read/write"
                    + " splitting are disabled");
        }
        return Optional.ofNullable(kind.failoverDisabledReason(host));
    }

    /** The wrapper plugins {@code additionalPlugins} appends to aurora-kit's list (may be empty). */
    public List<String> additionalPlugins() {
        String v = values.get(AuroraProperty.ADDITIONAL_PLUGINS);
        return v == null || v.isEmpty() ? List.of() : List.of(v.split(","));
    }

    private static boolean failoverOn(EndpointKind endpointKind, String mode, Map<String, String> passThrough) {
        if ("on".equals(mode)) {
            return true;
        }
        if ("off".equals(mode)) {
            return false;
        }
        return endpointKind.failoverCapable()
                || (endpointKind == EndpointKind.PLAIN && passThrough.containsKey(CLUSTER_INSTANCE_HOST_PATTERN));
    }

    /** HikariCP {@code maximumPoolSize} of each pool. */
    public int maximumPoolSize() {
        return AuroraProperty.MAXIMUM_POOL_SIZE.integer(values.get(AuroraProperty.MAXIMUM_POOL_SIZE));
    }

    /** The reader pool's {@code maximumPoolSize} (defaults to {@link #maximumPoolSize()}). */
    public int readerMaximumPoolSize() {
        String v = values.get(AuroraProperty.READER_MAXIMUM_POOL_SIZE);
        return v == null ? maximumPoolSize() : AuroraProperty.READER_MAXIMUM_POOL_SIZE.integer(v);
    }

    /** HikariCP {@code minimumIdle} (defaults to {@link #maximumPoolSize()}). */
    public int minimumIdle() {
        String v = values.get(AuroraProperty.MINIMUM_IDLE);
        return v == null ? maximumPoolSize() : AuroraProperty.MINIMUM_IDLE.integer(v);
    }

    /** HikariCP {@code connectionTimeout}: how long {@code getConnection()} waits. */
    public Duration poolConnectionTimeout() {
        return duration(AuroraProperty.POOL_CONNECTION_TIMEOUT);
    }

    /** HikariCP {@code idleTimeout}: how long a connection above {@link #minimumIdle()} may sit unused; 0 = never. */
    public Duration idleTimeout() {
        return duration(AuroraProperty.IDLE_TIMEOUT);
    }

    /**
     * How long the wrapper's initialConnection plugin keeps opening a new connection again after network errors
     * ({@code openConnectionRetryTimeoutMs}): {@code connectRetryTimeout}, by default the {@code connectTimeout}.
     */
    public Duration connectRetryTimeout() {
        return values.containsKey(AuroraProperty.CONNECT_RETRY_TIMEOUT) ? duration(AuroraProperty.CONNECT_RETRY_TIMEOUT)
                : duration(AuroraProperty.CONNECT_TIMEOUT);
    }

    /**
     * How long the pools of every data source on this cluster must have held no connection before the wrapper's
     * monitors of the cluster are stopped; zero = never.
     */
    public Duration monitorIdleTimeout() {
        return duration(AuroraProperty.MONITOR_IDLE_TIMEOUT);
    }

    /**
     * How long enhanced failure monitoring ({@code efm2}) may take to declare an unresponsive (black-holed) host dead
     * once a statement is running - an upper bound read from the AWS wrapper 4.3.0's monitor:
     * {@code failureDetectionTime + 1 s + failureDetectionInterval x failureDetectionCount + one probe}. The wrapper
     * starts watching a statement on a one-second tick after its grace time (the 1 s); the host is declared dead at the
     * end of the failing probe that lies {@code interval x (count - 1)} after the first failing one began, at most one
     * interval after the fault; that last probe is either a validity check ({@link #probeTimeout()}) or, once the check
     * has closed the probe connection, a reconnect bounded by {@code monitoring-connectTimeout}: the larger of the two.
     * The one definition used by the retry budget, the drill, the benchmarks and the tests.
     */
    public Duration failureDetectionWindow() {
        Duration interval = duration(AuroraProperty.FAILURE_DETECTION_INTERVAL);
        int count = integer(AuroraProperty.FAILURE_DETECTION_COUNT);
        Duration validity = probeTimeout();
        Duration reconnect = duration(AuroraProperty.MONITORING_CONNECT_TIMEOUT);
        Duration probe = validity.compareTo(reconnect) > 0 ? validity : reconnect;
        return duration(AuroraProperty.FAILURE_DETECTION_TIME).plus(MONITORING_TICK)
                .plus(interval.multipliedBy(count)).plus(probe);
    }

    /**
     * How long one validity probe of {@code efm2} waits for the host: the AWS wrapper 4.3.0 calls {@code isValid} with
     * half the interval less 100 ms, in whole seconds, at least 1 s ({@code 5s} -> 2 s, {@code 1s} -> 1 s), and pgjdbc
     * lowers it to the probe connection's {@code monitoring-socketTimeout} when that is shorter.
     */
    public Duration probeTimeout() {
        long intervalSeconds = (duration(AuroraProperty.FAILURE_DETECTION_INTERVAL).toMillis() - 100) / 1000;
        Duration validity = Duration.ofSeconds(Math.max(1, intervalSeconds / 2));
        Duration socket = Duration.ofSeconds(duration(AuroraProperty.MONITORING_SOCKET_TIMEOUT).toSeconds());
        return socket.compareTo(validity) < 0 ? socket : validity;
    }

    /**
     * The retry budget of {@code write}/{@code read} when the {@code RetryPolicy} sets none: the
     * {@link #failureDetectionWindow()}, plus {@code failoverTimeout} (the wrapper's time to find the new writer), plus
     * the {@link #connectRetryTimeout()} the wrapper may spend opening a connection to it (the {@code connectTimeout}
     * unless set; the {@code serverless-v2} preset's 90 s, the time it allows an instance to resume from auto-pause).
     * Within it, a backoff after an unavailable cluster may still start; re-runs the wrapper made safe (08S02) are
     * never refused for time.
     */
    public Duration defaultRetryBudget() {
        return failureDetectionWindow().plus(duration(AuroraProperty.FAILOVER_TIMEOUT)).plus(connectRetryTimeout());
    }

    /** A resolved whole-number property, e.g. {@code integer(AuroraProperty.FAILURE_DETECTION_COUNT)}. */
    public int integer(AuroraProperty property) {
        requireKind(property, AuroraProperty.Kind.INTEGER);
        return property.integer(values.get(property));
    }

    /** A resolved true/false property, e.g. {@code bool(AuroraProperty.READ_WRITE_SPLITTING)}. */
    public boolean bool(AuroraProperty property) {
        requireKind(property, AuroraProperty.Kind.BOOLEAN);
        return property.bool(values.get(property));
    }

    private static void requireKind(AuroraProperty property, AuroraProperty.Kind... kinds) {
        if (!java.util.Arrays.asList(kinds).contains(property.kind())) {
            throw new IllegalArgumentException(property.key() + " is not a " + kinds[0].name().toLowerCase(
                    java.util.Locale.ROOT).replace('_', ' ') + " property");
        }
    }

    /** A resolved duration property, e.g. {@code duration(AuroraProperty.CONNECT_TIMEOUT)}. */
    public Duration duration(AuroraProperty property) {
        requireKind(property, AuroraProperty.Kind.DURATION, AuroraProperty.Kind.DURATION_OR_ZERO);
        return property.duration(values.get(property));
    }

    /** The JDBC URL the writer pool hands to the wrapper, e.g. {@code jdbc:aws-wrapper:postgresql://h:5432/db}. */
    public String wrapperUrl() {
        return wrapperUrl(host, port);
    }

    /** The JDBC URL of the separate reader endpoint, if any. */
    public Optional<String> readerWrapperUrl() {
        return readerHost == null ? Optional.empty() : Optional.of(wrapperUrl(readerHost, readerPort));
    }

    /** The wrapper/pgjdbc properties of writer connections, without the password (a fresh copy). */
    public Properties wrapperProperties() {
        return translate(kind, readWriteSplitting());
    }

    /** The wrapper/pgjdbc properties of the reader endpoint's connections, without the password, if any. */
    public Optional<Properties> readerWrapperProperties() {
        return readerHost == null ? Optional.empty() : Optional.of(readerProperties());
    }

    /**
     * A derived reader pool's connections give up failing over after {@link #connectRetryTimeout()} (the wrapper's
     * reader failover otherwise keeps trying dead readers for {@code failoverTimeout}); the read then runs again on a
     * writer pool connection moved to a reader, which falls back to the writer when no reader answers.
     */
    private Properties readerProperties() {
        Properties p = translate(readerKind, false);
        if (readerDerived && p.containsKey(FAILOVER_TIMEOUT_MS)) {
            p.setProperty(FAILOVER_TIMEOUT_MS, Long.toString(connectRetryTimeout().toMillis()));
        }
        return p;
    }

    /**
     * A HikariCP configuration for the writer pool: the wrapper driver, {@link #wrapperUrl()}, the credentials,
     * {@link #wrapperProperties()} as driver properties and {@link #HIKARI_EXCEPTION_OVERRIDE}. A fresh object each time.
     */
    public HikariConfig hikariConfig() {
        return hikari("aurora-kit-writer(" + host + ")", wrapperUrl(), translate(kind, readWriteSplitting()),
                false, maximumPoolSize());
    }

    /** A HikariCP configuration for the reader endpoint's pool (read-only connections), if a reader endpoint is set. */
    public Optional<HikariConfig> readerHikariConfig() {
        if (readerHost == null) {
            return Optional.empty();
        }
        return Optional.of(hikari("aurora-kit-reader(" + readerHost + ")", wrapperUrl(readerHost, readerPort),
                readerProperties(), true, readerMaximumPoolSize()));
    }

    private HikariConfig hikari(String poolName, String url, Properties driverProperties, boolean readOnly,
            int maximumPoolSize) {
        HikariConfig h = new HikariConfig();
        h.setPoolName(poolName);
        h.setDriverClassName(WRAPPER_DRIVER_CLASS);
        h.setJdbcUrl(url);
        user().ifPresent(h::setUsername);
        if (hasPassword()) {
            h.setPassword(values.get(AuroraProperty.PASSWORD));
        }
        driverProperties.remove(AuroraProperty.USER.key());
        h.setDataSourceProperties(driverProperties);
        h.setMaximumPoolSize(maximumPoolSize);
        h.setMinimumIdle(Math.min(minimumIdle(), maximumPoolSize));
        h.setConnectionTimeout(poolConnectionTimeout().toMillis());
        h.setIdleTimeout(idleTimeout().toMillis());
        h.setExceptionOverrideClassName(HIKARI_EXCEPTION_OVERRIDE);
        h.setReadOnly(readOnly);
        return h;
    }

    private Properties translate(EndpointKind endpointKind, boolean splitting) {
        Properties p = new MaskedProperties();
        boolean failover = failoverOn(endpointKind, values.get(AuroraProperty.FAILOVER), passThrough);
        for (AuroraProperty property : AuroraProperty.values()) {
            String value = wrapperValue(property);
            for (AuroraProperty.WrapperKey target : property.wrapperKeys()) {
                boolean applies = switch (target.scope()) {
                    case ALWAYS -> true;
                    case FAILOVER -> failover;
                    case SPLITTING -> failover && splitting;
                };
                if (applies && value != null) {
                    p.setProperty(target.key(), value);
                }
            }
        }
        if (failover) {
            String strategy = values.get(AuroraProperty.READER_STRATEGY);
            StringBuilder plugins = new StringBuilder("initialConnection,auroraConnectionTracker,failover2");
            if (splitting) {
                plugins.append(",readWriteSplitting");
            }
            plugins.append(",efm2");
            if (splitting && "fastestResponse".equals(strategy)) {
                plugins.append(",fastestResponseStrategy");
            }
            p.setProperty(WRAPPER_PLUGINS, withAdditional(plugins.toString(), endpointKind));
            // no wrapperDialect: the wrapper detects it (see EndpointKind); a pass-through wrapperDialect still wins
            if (splitting) {
                if (bool(AuroraProperty.INTERNAL_POOL)) {
                    p.setProperty("connectionPoolType", "hikari");
                    p.setProperty("cp-maximumPoolSize", Integer.toString(maximumPoolSize()));
                }
            }
        } else {
            p.setProperty(WRAPPER_PLUGINS, withAdditional("", endpointKind));
            if (endpointKind == EndpointKind.PLAIN) {
                // an ordinary PostgreSQL pool: spare the wrapper's detection queries
                p.setProperty(WRAPPER_DIALECT, "pg");
            }
        }
        passThrough.forEach(p::setProperty);
        return p;
    }

    /** aurora-kit's plugin list with {@code additionalPlugins} appended; customEndpoint only on custom endpoints. */
    private String withAdditional(String own, EndpointKind endpointKind) {
        StringBuilder list = new StringBuilder(own);
        for (String code : additionalPlugins()) {
            if (code.equals(CUSTOM_ENDPOINT_PLUGIN) && endpointKind != EndpointKind.AURORA_CUSTOM_CLUSTER) {
                continue;
            }
            list.append(list.length() == 0 ? "" : ",").append(code);
        }
        return list.toString();
    }

    /**
     * The value the wrapper gets for {@code property}: durations in milliseconds (the wrapper's unit; the
     * initialConnection plugin's {@code openConnectionRetryTimeoutMs} is the connect timeout unless
     * {@code connectRetryTimeout} is set, so an unknown host or a dead reader is not retried for its default 30 s), the
     * derived cluster id, else the canonical text.
     */
    private String wrapperValue(AuroraProperty property) {
        if (property == AuroraProperty.CLUSTER_ID) {
            return clusterId();
        }
        if (property == AuroraProperty.CONNECT_RETRY_TIMEOUT) {
            return Long.toString(connectRetryTimeout().toMillis());
        }
        String value = values.get(property);
        if (value != null && (property.kind() == AuroraProperty.Kind.DURATION
                || property.kind() == AuroraProperty.Kind.DURATION_OR_ZERO)) {
            return Long.toString(duration(property).toMillis());
        }
        return value;
    }


    private String wrapperUrl(String h, int p) {
        String bracketed = h.contains(":") ? "[" + h + "]" : h;
        return WRAPPER_URL_PREFIX + bracketed + ":" + p + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((k, v) -> shown.put(k.key(), k.shown(v)));
        passThrough.forEach((k, v) -> shown.put(k, Secrets.shown(k, v)));
        return "AuroraConfig{endpoint=" + host + ":" + port + ", database=" + database
                + (readerHost == null ? "" : ", reader=" + readerHost + ":" + readerPort)
                + ", kind=" + kind + ", preset=" + preset.urlName() + ", properties=" + shown + "}";
    }

    /**
     * Builds an {@link AuroraConfig}. Later calls win over earlier ones; {@link #build()} validates everything and
     * throws {@link IllegalArgumentException} naming the property, the (masked) value and the expected form.
     *
     * <pre>{@code
     * AuroraConfig c = AuroraConfig.builder().clusterEndpoint("127.0.0.1", 5432).database("app")
     *     .property("user", "app").property("connectTimeout", "5s").build();
     * }</pre>
     */
    public static final class Builder {
        private String host;
        private int port = AuroraUrl.DEFAULT_PORT;
        private String database;
        private String readerHost;
        private int readerPort = AuroraUrl.DEFAULT_PORT;
        private String readerDatabase;
        private Map<String, String> readerParameters = Map.of();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Predicate<String> classPresent = WrapperPluginCheck::classPresent;

        private Builder() {
        }

        /** The writer (cluster) endpoint, e.g. {@code mycluster.cluster-abc.us-east-1.rds.amazonaws.com}, 5432. */
        public Builder clusterEndpoint(String host, int port) {
            this.host = host;
            this.port = port;
            return this;
        }

        /** A separate reader endpoint (e.g. the {@code cluster-ro-} endpoint) used by a second, read-only pool. */
        public Builder readerEndpoint(String host, int port) {
            this.readerHost = host;
            this.readerPort = port;
            return this;
        }

        /** The database name. */
        public Builder database(String database) {
            if (database == null || database.isBlank()) {
                throw new IllegalArgumentException("database='" + (database == null ? "null" : database)
                        + "' is invalid; expected a database name such as app");
            }
            this.database = database.trim();
            return this;
        }

        /**
         * Sets a property: one of {@link AuroraProperty} (validated), or any other key, passed verbatim to the
         * wrapper and pgjdbc. A null value removes the setting.
         */
        public Builder property(String key, String value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("property key='" + key + "' is invalid; expected a property name");
            }
            if (value == null) {
                settings.remove(key);
            } else {
                settings.put(key, value);
            }
            return this;
        }

        /**
         * Sets every entry of {@code properties} (and of its defaults) as by {@link #property}. Values that are not
         * Strings are honoured when they are a {@link Number}, {@link Boolean}, {@link CharSequence} or
         * {@link Duration} (their text, e.g. {@code put("maximumPoolSize", 20)}); anything else is rejected.
         */
        public Builder properties(Properties properties) {
            if (properties != null) {
                for (String key : properties.stringPropertyNames()) {
                    property(key, properties.getProperty(key));
                }
                for (Map.Entry<Object, Object> e : properties.entrySet()) {
                    if (!(e.getKey() instanceof String)) {
                        throw new IllegalArgumentException("property key " + e.getKey() + " of type "
                                + e.getKey().getClass().getName() + " is invalid; expected a String key");
                    }
                    if (!(e.getValue() instanceof String)) {
                        property((String) e.getKey(), text((String) e.getKey(), e.getValue()));
                    }
                }
            }
            return this;
        }

        private static String text(String key, Object value) {
            if (value instanceof Duration) {
                return Durations.format((Duration) value);
            }
            if (value instanceof Number || value instanceof Boolean || value instanceof CharSequence) {
                return value.toString();
            }
            throw new IllegalArgumentException(key + " has a value of type " + value.getClass().getName()
                    + ", which is invalid; expected a String (or a Number, Boolean or Duration)");
        }

        /** Sets endpoint, database and parameters from a URL; see {@link #url(String, Properties)}. */
        public Builder url(String url) {
            return url(url, null);
        }

        /**
         * Sets endpoint, database and parameters from {@code jdbc:aurora:postgresql://host[:port]/db?key=value}
         * (also {@code jdbc:postgresql://}, {@code postgres://user:password@host/db}). {@code info} is applied first,
         * so URL parameters win, as in pgjdbc. Only %-escapes are decoded ({@code +} stays {@code +}, as in psql); the
         * database is required; a key may appear once.
         */
        public Builder url(String url, Properties info) {
            return url(url, info, AuroraUrl.DEFAULT_SOURCE);
        }

        /**
         * As {@link #url(String, Properties)}; {@code sourceName} names where the URL came from in error messages,
         * e.g. {@code DATABASE_URL_WRITER} gives "DATABASE_URL_WRITER='...' is malformed (...)" instead of "url=...".
         */
        public Builder url(String url, Properties info, String sourceName) {
            AuroraUrl parsed = AuroraUrl.parse(url, sourceName);
            properties(info);
            clusterEndpoint(parsed.host, parsed.port);
            this.database = parsed.database.isEmpty() ? null : parsed.database;
            parsed.parameters.forEach(this::property);
            return this;
        }

        /**
         * Sets the reader endpoint from a second URL ({@code DATABASE_URL_READER}). It may differ from the writer URL
         * only in host and port; database and parameters, where given, must match.
         */
        public Builder readerUrl(String url) {
            return readerUrl(url, AuroraUrl.DEFAULT_SOURCE);
        }

        /** As {@link #readerUrl(String)}; {@code sourceName} (e.g. {@code DATABASE_URL_READER}) names it in messages. */
        public Builder readerUrl(String url, String sourceName) {
            AuroraUrl parsed = AuroraUrl.parse(url, sourceName);
            readerEndpoint(parsed.host, parsed.port);
            this.readerDatabase = parsed.database;
            this.readerParameters = parsed.parameters;
            return this;
        }

        /** Validates and builds. */
        public AuroraConfig build() {
            checkHost("host", host);
            checkPort("port", port);
            if (readerHost != null) {
                checkHost("readerHost", readerHost);
                checkPort("readerPort", readerPort);
                checkReaderMatchesWriter();
            }
            Map<AuroraProperty, String> explicit = new EnumMap<>(AuroraProperty.class);
            Map<String, String> passThrough = new LinkedHashMap<>();
            settings.forEach((key, value) -> {
                Optional<AuroraProperty> property = AuroraProperty.byKey(key);
                if (property.isPresent()) {
                    explicit.put(property.get(), property.get().validate(value));
                } else {
                    passThrough.put(key, value);
                }
            });
            Preset preset = Preset.fromUrlName(explicit.getOrDefault(AuroraProperty.PRESET,
                    AuroraProperty.PRESET.defaultText()));
            Map<AuroraProperty, String> values = new EnumMap<>(AuroraProperty.class);
            for (AuroraProperty p : AuroraProperty.values()) {
                String v = explicit.containsKey(p) ? explicit.get(p) : preset.valueFor(p);
                if (v != null) {
                    values.put(p, p.validate(v));
                }
            }
            checkContradictions(explicit, values, passThrough);
            checkPassThrough(passThrough);
            checkEndpoints(values, passThrough);
            WrapperPluginCheck.check(values.get(AuroraProperty.ADDITIONAL_PLUGINS), passThrough, classPresent);
            return new AuroraConfig(this, preset, values, passThrough);
        }

        private void checkReaderMatchesWriter() {
            String writerDb = database == null ? "" : database;
            if (readerDatabase != null && !readerDatabase.isEmpty() && !readerDatabase.equals(writerDb)) {
                throw new IllegalArgumentException("reader database='" + readerDatabase + "' contradicts writer database='"
                        + writerDb + "'; expected the reader URL to differ from the writer URL only in host and port");
            }
            readerParameters.forEach((key, value) -> {
                if (!Objects.equals(settings.get(key), value)) {
                    String shown = AuroraProperty.byKey(key).map(p -> p.shown(value))
                            .orElse(Secrets.shown(key, value));
                    throw new IllegalArgumentException("reader URL parameter " + key + "='" + shown
                            + "' contradicts the writer URL; expected the reader URL to differ from the writer URL"
                            + " only in host and port");
                }
            });
        }

        /** For tests: decides whether a class (of an AWS SDK jar) is on the classpath. */
        Builder classPresence(Predicate<String> present) {
            this.classPresent = present;
            return this;
        }

        /** Rejects a pass-through {@code wrapperPlugins} and near-miss spellings of aurora-kit's own keys. */
        private static void checkPassThrough(Map<String, String> passThrough) {
            if (passThrough.containsKey(WRAPPER_PLUGINS)) {
                throw new IllegalArgumentException(WRAPPER_PLUGINS + "='" + passThrough.get(WRAPPER_PLUGINS)
                        + "' is not accepted: aurora-kit sets the wrapper's plugin list itself (failover2, efm2, ...);"
                        + " expected " + AuroraProperty.ADDITIONAL_PLUGINS.key() + "="
                        + String.join(",", AuroraProperty.EXTRA_PLUGINS) + " to add plugins, or "
                        + AuroraProperty.FAILOVER.key() + "=off to turn failover off");
            }
            for (String key : passThrough.keySet()) {
                KeySpelling.nearMiss(key).ifPresent(intended -> {
                    throw new IllegalArgumentException("property '" + key + "' is unknown; did you mean '"
                            + intended.key() + "'? (keys are case-sensitive; an unknown key would pass through to"
                            + " the wrapper and pgjdbc and be ignored silently)");
                });
            }
        }

        /** {@code failover=on} where it cannot work, and endpoints that need a wrapper setting aurora-kit cannot derive. */
        private void checkEndpoints(Map<AuroraProperty, String> values, Map<String, String> passThrough) {
            String mode = values.get(AuroraProperty.FAILOVER);
            boolean hasPattern = passThrough.containsKey(CLUSTER_INSTANCE_HOST_PATTERN);
            for (String h : readerHost == null ? List.of(host) : List.of(host, readerHost)) {
                EndpointKind k = EndpointKind.classify(h);
                if ("on".equals(mode) && k.isProxy()) {
                    throw new IllegalArgumentException("failover='on' contradicts the RDS Proxy endpoint " + h
                            + "; expected failover=auto or off (the proxy fails over itself and hides the topology)");
                }
                if ("on".equals(mode) && k == EndpointKind.AURORA_LIMITLESS_SHARD_GROUP) {
                    throw new IllegalArgumentException("failover='on' contradicts the Aurora Limitless shard group "
                            + h + "; expected failover=auto or off (aurora-kit does not configure the limitless plugin)");
                }
                if ("on".equals(mode) && k == EndpointKind.PLAIN && !hasPattern) {
                    throw new IllegalArgumentException("failover='on' for " + h + " needs "
                            + CLUSTER_INSTANCE_HOST_PATTERN + "; expected e.g. " + CLUSTER_INSTANCE_HOST_PATTERN
                            + "=?.xyz.us-east-1.rds.amazonaws.com (how the wrapper names the cluster's instances),"
                            + " or failover=auto");
                }
                if (k == EndpointKind.AURORA_GLOBAL_WRITER && !"off".equals(mode)
                        && !passThrough.containsKey(GLOBAL_PATTERNS)) {
                    throw new IllegalArgumentException("the Aurora Global Database writer endpoint " + h + " needs "
                            + GLOBAL_PATTERNS + " (the wrapper requires it for failover); expected e.g. "
                            + GLOBAL_PATTERNS + "=us-east-1:?.xyz1.us-east-1.rds.amazonaws.com,"
                            + "us-west-2:?.xyz2.us-west-2.rds.amazonaws.com, or failover=off");
                }
            }
            if (values.getOrDefault(AuroraProperty.ADDITIONAL_PLUGINS, "").contains(CUSTOM_ENDPOINT_PLUGIN)
                    && EndpointKind.classify(host) != EndpointKind.AURORA_CUSTOM_CLUSTER) {
                throw new IllegalArgumentException("additionalPlugins='" + values.get(AuroraProperty.ADDITIONAL_PLUGINS)
                        + "' contradicts the endpoint " + host + ": customEndpoint needs an Aurora custom endpoint"
                        + " (name.cluster-custom-xyz.region.rds.amazonaws.com); expected it only with such an endpoint");
            }
        }

        private static void checkHost(String name, String h) {
            if (h == null || h.isBlank()) {
                throw new IllegalArgumentException(name + "='" + (h == null ? "null" : h)
                        + "' is invalid: empty; expected a host name such as"
                        + " mycluster.cluster-abc.us-east-1.rds.amazonaws.com or 127.0.0.1");
            }
            if (!h.equals(h.trim()) || h.chars().anyMatch(c -> Character.isWhitespace(c) || "/?@,#".indexOf(c) >= 0)) {
                throw new IllegalArgumentException(name + "='" + h + "' is invalid: contains whitespace or one of"
                        + " / ? @ , #; expected a bare host name such as mycluster.cluster-abc.us-east-1.rds.amazonaws.com");
            }
        }

        private static void checkPort(String name, int p) {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException(name + "=" + p + " is out of range; expected 1 to 65535");
            }
        }

        private static void checkContradictions(Map<AuroraProperty, String> explicit, Map<AuroraProperty, String> values,
                Map<String, String> passThrough) {
            if (explicit.containsKey(AuroraProperty.FAILOVER_TIMEOUT) && passThrough.containsKey(FAILOVER_TIMEOUT_MS)) {
                throw new IllegalArgumentException("failoverTimeout='" + explicit.get(AuroraProperty.FAILOVER_TIMEOUT)
                        + "' contradicts " + FAILOVER_TIMEOUT_MS + "='" + passThrough.get(FAILOVER_TIMEOUT_MS)
                        + "'; expected only one of them (failoverTimeout takes a unit, e.g. 60s)");
            }
            if (explicit.containsKey(AuroraProperty.CONNECT_RETRY_TIMEOUT)
                    && passThrough.containsKey(OPEN_CONNECTION_RETRY_TIMEOUT_MS)) {
                throw new IllegalArgumentException("connectRetryTimeout='"
                        + explicit.get(AuroraProperty.CONNECT_RETRY_TIMEOUT) + "' contradicts "
                        + OPEN_CONNECTION_RETRY_TIMEOUT_MS + "='" + passThrough.get(OPEN_CONNECTION_RETRY_TIMEOUT_MS)
                        + "'; expected only one of them (connectRetryTimeout takes a unit, e.g. 90s)");
            }
            boolean internalPool = AuroraProperty.INTERNAL_POOL.bool(values.get(AuroraProperty.INTERNAL_POOL));
            boolean splitting = AuroraProperty.READ_WRITE_SPLITTING.bool(values.get(AuroraProperty.READ_WRITE_SPLITTING));
            if ("leastConnections".equals(values.get(AuroraProperty.READER_STRATEGY)) && !internalPool) {
                throw new IllegalArgumentException("readerHostSelectorStrategy='leastConnections' contradicts"
                        + " internalPool='false'; expected internalPool=true (leastConnections counts the wrapper's"
                        + " internal pool connections) or another strategy such as random");
            }
            if (internalPool && !splitting) {
                throw new IllegalArgumentException("internalPool='true' contradicts readWriteSplitting='false';"
                        + " expected readWriteSplitting=true (the internal pools serve reader switches) or"
                        + " internalPool=false");
            }
            String minIdle = values.get(AuroraProperty.MINIMUM_IDLE);
            int max = AuroraProperty.MAXIMUM_POOL_SIZE.integer(values.get(AuroraProperty.MAXIMUM_POOL_SIZE));
            if (minIdle != null && AuroraProperty.MINIMUM_IDLE.integer(minIdle) > max) {
                throw new IllegalArgumentException("minimumIdle='" + minIdle + "' contradicts maximumPoolSize='" + max
                        + "'; expected minimumIdle from 0 to maximumPoolSize");
            }
        }
    }
}
