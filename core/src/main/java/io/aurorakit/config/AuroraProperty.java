package io.aurorakit.config;

import io.aurorakit.internal.Secrets;
import io.aurorakit.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The catalogue of every property aurora-kit owns. It drives URL parsing ({@code jdbc:aurora:postgresql://...?key=value}),
 * the builder's defaults, validation and the property table in the README. Any key that is not listed here passes
 * through verbatim to the AWS Advanced JDBC Wrapper and pgjdbc (e.g. {@code sslmode}, {@code ApplicationName}).
 *
 * <p>Durations always need a unit ({@code 30s}, {@code 500ms}, {@code PT30S}); aurora-kit converts them to the
 * wrapper's milliseconds. Defaults are those of the {@link Preset#PROVISIONED} preset; other presets override some.
 *
 * <pre>{@code
 * AuroraProperty p = AuroraProperty.byKey("connectTimeout").orElseThrow();
 * p.defaultValue(); // Optional[10s]
 * }</pre>
 */
public enum AuroraProperty {

    PRESET("preset", Kind.PRESET, "provisioned", null, "",
            "Preset of timeouts and failure detection: provisioned, fast-failover or serverless-v2."),
    USER("user", Kind.TEXT, null, "none (pgjdbc: OS user)", "",
            "Database user.", always("user")),
    PASSWORD("password", Kind.SECRET, null, "none", "",
            "Database password. Secret: never logged, never shown by toString() or in exception messages."),
    CONNECT_TIMEOUT("connectTimeout", Kind.DURATION, "10s", null, "duration",
            "TCP connect timeout of every physical connection (wrapper connectTimeout, ms). At least 1s.",
            always("connectTimeout")),
    LOGIN_TIMEOUT("loginTimeout", Kind.DURATION, "30s", null, "duration",
            "Timeout of one whole connection attempt: TCP connect, SSL and authentication (wrapper loginTimeout, ms)."
                    + " At least 1s.", always("loginTimeout")),
    SSL_RESPONSE_TIMEOUT("sslResponseTimeout", Kind.DURATION, "5s", null, "duration",
            "How long pgjdbc waits for the server's answer to its SSL request (pgjdbc sslResponseTimeout, ms); with"
                    + " sslmode=prefer a timeout falls back to an unencrypted connection. At least 1s.",
            always("sslResponseTimeout")),
    CONNECT_RETRY_TIMEOUT("connectRetryTimeout", Kind.DURATION, null, "same as connectTimeout", "duration",
            "How long the initialConnection plugin keeps opening a new connection again after network errors"
                    + " (wrapper openConnectionRetryTimeoutMs); each attempt is bounded by connectTimeout and"
                    + " loginTimeout. At least 1s.", withFailover("openConnectionRetryTimeoutMs")),
    SOCKET_TIMEOUT("socketTimeout", Kind.DURATION_OR_ZERO, "0", null, "duration",
            "Read timeout of a statement (wrapper socketTimeout, ms); 0 = none, dead hosts are then found by failure"
                    + " detection and TCP keepalive. 0 or at least 1s.", always("socketTimeout")),
    TCP_KEEP_ALIVE("tcpKeepAlive", Kind.BOOLEAN, "true", null, "boolean",
            "TCP keepalive on every physical connection.", always("tcpKeepAlive")),
    FAILOVER_TIMEOUT("failoverTimeout", Kind.DURATION, "60s", null, "duration",
            "Time the wrapper may spend finding the new writer or a reader after a failure (wrapper failoverTimeoutMs).",
            withFailover("failoverTimeoutMs")),
    FAILURE_DETECTION_TIME("failureDetectionTime", Kind.DURATION, "10s", null, "duration",
            "Enhanced failure monitoring: grace time after a statement starts before the host is probed.",
            withFailover("failureDetectionTime")),
    FAILURE_DETECTION_INTERVAL("failureDetectionInterval", Kind.DURATION, "5s", null, "duration",
            "Enhanced failure monitoring: interval between probes.", withFailover("failureDetectionInterval")),
    FAILURE_DETECTION_COUNT("failureDetectionCount", Kind.INTEGER, "3", null, "count",
            "Enhanced failure monitoring: failed probes before the host is declared dead (1-100).", 1, 100,
            withFailover("failureDetectionCount")),
    MONITORING_CONNECT_TIMEOUT("monitoring-connectTimeout", Kind.DURATION, "5s", null, "duration",
            "Connect timeout of the failure-detection probe connections (wrapper ms).",
            withFailover("monitoring-connectTimeout")),
    MONITORING_SOCKET_TIMEOUT("monitoring-socketTimeout", Kind.DURATION, "5s", null, "duration",
            "Read timeout of the failure-detection probe connections (wrapper ms).",
            withFailover("monitoring-socketTimeout")),
    MONITOR_DISPOSAL_TIME("monitorDisposalTime", Kind.DURATION, "10m", null, "duration",
            "Enhanced failure monitoring: a host's monitor (and its probe connection) is stopped when no statement"
                    + " used it for this long, checked every 60 s (wrapper monitorDisposalTime, ms). JVM-wide: the"
                    + " first data source or connection that loads the wrapper's efm2 plugin decides it.",
            withFailover("monitorDisposalTime")),
    TOPOLOGY_MONITORING_CONNECT_TIMEOUT("topology-monitoring-connectTimeout", Kind.DURATION, "5s", null, "duration",
            "Connect timeout of the cluster topology monitor connections (wrapper ms).",
            withFailover("topology-monitoring-connectTimeout")),
    TOPOLOGY_MONITORING_SOCKET_TIMEOUT("topology-monitoring-socketTimeout", Kind.DURATION, "5s", null, "duration",
            "Read timeout of the cluster topology monitor connections (wrapper ms).",
            withFailover("topology-monitoring-socketTimeout")),
    TOPOLOGY_REFRESH_RATE("topologyRefreshRate", Kind.DURATION, "30s", null, "duration",
            "How often the cluster topology monitor reads the topology between failovers (wrapper"
                    + " clusterTopologyRefreshRateMs), on its one connection; after a failover the wrapper polls every"
                    + " 100 ms for 30 s anyway.", withFailover("clusterTopologyRefreshRateMs")),
    READ_WRITE_SPLITTING("readWriteSplitting", Kind.BOOLEAN, "true", null, "boolean",
            "setReadOnly(true) outside a transaction moves the connection to a reader (readWriteSplitting plugin)."),
    READER_STRATEGY("readerHostSelectorStrategy", Kind.STRATEGY, "random", null, "",
            "How a reader is chosen (case-sensitive): random, roundRobin, weightedRandom, fastestResponse, lowestLoad,"
                    + " lowestLoadByCpu, lowestLoadByLag, highestLoad, highestLoadByCpu, highestLoadByLag, highestWeight;"
                    + " leastConnections needs internalPool=true.", withSplitting("readerHostSelectorStrategy")),
    READER_POOL("readerPool", Kind.BOOLEAN, "true", null, "boolean",
            "With an Aurora cluster endpoint and no reader endpoint given: read() and readAutoCommit() use a pool of"
                    + " their own on the cluster's reader endpoint (its cluster-ro- name), opened with the first read;"
                    + " false: they move a pooled writer connection to a reader with setReadOnly(true), and the"
                    + " wrapper then keeps one reader connection open on every pooled connection that served a read."),
    INTERNAL_POOL("internalPool", Kind.BOOLEAN, "false", null, "boolean",
            "Also use the wrapper's internal per-instance Hikari pools (connectionPoolType=hikari) for reader switches."),
    CLUSTER_ID("clusterId", Kind.TEXT, null, "writer host:port", "",
            "Key of the wrapper's topology cache and monitors; must be unique per cluster.", withFailover("clusterId")),
    FAILOVER("failover", Kind.FAILOVER_MODE, "auto", null, "",
            "Failover, failure detection and read/write splitting: auto (judged from the endpoint name, see the"
                    + " endpoint table), on (also for a CNAME or IP; needs clusterInstanceHostPattern) or off."),
    ADDITIONAL_PLUGINS("additionalPlugins", Kind.PLUGINS, null, "none", "",
            "AWS wrapper plugins appended to aurora-kit's own, comma-separated: iam, awsSecretsManager (needs"
                    + " secretsManagerSecretId), customEndpoint (cluster-custom- endpoints), bg. iam, awsSecretsManager"
                    + " and customEndpoint need AWS SDK jars on the classpath (see the endpoint table)."),
    MAXIMUM_POOL_SIZE("maximumPoolSize", Kind.INTEGER, "10", null, "count",
            "Maximum connections of each HikariCP pool (1-10000).", 1, 10_000),
    READER_MAXIMUM_POOL_SIZE("readerMaximumPoolSize", Kind.INTEGER, null, "same as maximumPoolSize", "count",
            "Maximum connections of the reader pool of read() and readAutoCommit() (1-10000); it keeps at most this"
                    + " many idle (minimumIdle).", 1, 10_000),
    MINIMUM_IDLE("minimumIdle", Kind.INTEGER, null, "same as maximumPoolSize", "count",
            "Idle connections HikariCP keeps open (0-maximumPoolSize).", 0, 10_000),
    IDLE_TIMEOUT("idleTimeout", Kind.DURATION_OR_ZERO, "10m", null, "duration",
            "How long a connection may sit unused in a pool holding more than minimumIdle before HikariCP closes it"
                    + " (HikariCP idleTimeout; checked every 30 s). 0 = never; else 10s to 29m (HikariCP ignores"
                    + " less than 10s, and anything near its maxLifetime of 30m).", 10, 29 * 60),
    POOL_CONNECTION_TIMEOUT("poolConnectionTimeout", Kind.DURATION, "30s", null, "duration",
            "How long getConnection() waits for a pooled connection (HikariCP connectionTimeout)."),
    MONITOR_IDLE_TIMEOUT("monitorIdleTimeout", Kind.DURATION_OR_ZERO, "0", null, "duration",
            "Once the pools of every AuroraDataSource with this clusterId have held no connection for this long,"
                    + " stop the wrapper's topology monitor and idle failure-detection monitors of the cluster, so"
                    + " the JVM holds no connection to it (a Serverless v2 instance can then pause); the wrapper"
                    + " starts them again with the next connection. Checked every 5 s. 0 = never (the wrapper"
                    + " disposes of them itself: topology ~15 min after the last topology read, failure detection"
                    + " after monitorDisposalTime). 0 or at least 1s.");

    /** Reader selection strategies the AWS wrapper 4.3.0 accepts for {@link #READER_STRATEGY} (case-sensitive). */
    static final List<String> READER_STRATEGIES = List.of("random", "roundRobin", "leastConnections",
            "weightedRandom", "fastestResponse", "lowestLoad", "lowestLoadByCpu", "lowestLoadByLag", "highestLoad",
            "highestLoadByCpu", "highestLoadByLag", "highestWeight");

    /** Values of {@link #FAILOVER}. */
    static final List<String> FAILOVER_MODES = List.of("auto", "on", "off");

    /** Wrapper plugin codes {@link #ADDITIONAL_PLUGINS} accepts (case-sensitive, as the wrapper spells them). */
    static final List<String> EXTRA_PLUGINS = List.of("iam", "awsSecretsManager", "customEndpoint", "bg");

    /**
     * The longest duration any property takes. The wrapper and pgjdbc keep most timeouts as int milliseconds or
     * seconds (Integer.MAX_VALUE ms is about 24.8 days, beyond which they fail inside the pool); a day is far above
     * any sensible timeout and well inside that limit.
     */
    static final Duration MAX_DURATION = Duration.ofHours(24);

    /** What values a property takes. */
    enum Kind { TEXT, SECRET, INTEGER, BOOLEAN, DURATION, DURATION_OR_ZERO, PRESET, STRATEGY, FAILOVER_MODE, PLUGINS }

    /** Shown instead of a secret value. */
    static final String MASK = Secrets.MASK;

    private final String key;
    private final Kind kind;
    private final String defaultValue;
    private final String defaultText;
    private final String unit;
    private final String description;
    private final int min;
    private final int max;

    /** When a wrapper/pgjdbc setting is passed: always, only with failover, only with read/write splitting. */
    enum Scope { ALWAYS, FAILOVER, SPLITTING }

    /** A wrapper or pgjdbc property this one is translated to (durations in milliseconds). */
    record WrapperKey(String key, Scope scope) {
    }

    private final List<WrapperKey> wrapperKeys;

    AuroraProperty(String key, Kind kind, String defaultValue, String defaultText, String unit, String description,
            WrapperKey... wrapperKeys) {
        this(key, kind, defaultValue, defaultText, unit, description, Integer.MIN_VALUE, Integer.MAX_VALUE,
                wrapperKeys);
    }

    /** {@code min}/{@code max}: the range of an integer, or in seconds the range of a duration (0 aside). */
    AuroraProperty(String key, Kind kind, String defaultValue, String defaultText, String unit, String description,
            int min, int max, WrapperKey... wrapperKeys) {
        this.wrapperKeys = List.of(wrapperKeys);
        this.key = key;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.unit = unit;
        this.description = description;
        this.min = min;
        this.max = max;
    }

    private static WrapperKey always(String key) {
        return new WrapperKey(key, Scope.ALWAYS);
    }

    private static WrapperKey withFailover(String key) {
        return new WrapperKey(key, Scope.FAILOVER);
    }

    private static WrapperKey withSplitting(String key) {
        return new WrapperKey(key, Scope.SPLITTING);
    }

    /** The wrapper/pgjdbc properties this one is translated to, and when (empty: aurora-kit or HikariCP uses it). */
    List<WrapperKey> wrapperKeys() {
        return wrapperKeys;
    }

    /** The values this property accepts, when it takes one of a fixed set (for tools and {@code getPropertyInfo}). */
    public List<String> choices() {
        switch (kind) {
            case PRESET:
                return Arrays.stream(Preset.values()).map(Preset::urlName).toList();
            case STRATEGY:
                return READER_STRATEGIES;
            case FAILOVER_MODE:
                return FAILOVER_MODES;
            case BOOLEAN:
                return List.of("true", "false");
            case PLUGINS:
                return EXTRA_PLUGINS;
            default:
                return List.of();
        }
    }

    /** The name used in URLs, {@code Properties} and the builder's {@code property(key, value)}. */
    public String key() {
        return key;
    }

    /**
     * The name under Spring Boot: {@code aurora.} and the key in kebab case ({@code connectTimeout} is
     * {@code aurora.connect-timeout}; relaxed binding also takes {@code AURORA_CONNECTTIMEOUT}).
     */
    public String springName() {
        StringBuilder name = new StringBuilder("aurora.");
        for (char c : key.toCharArray()) {
            if (Character.isUpperCase(c)) {
                name.append('-').append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    /** The default under the {@code provisioned} preset, if there is a fixed one. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** The default as documented, e.g. {@code 10s} or {@code writer host:port}. */
    public String defaultText() {
        return defaultValue != null ? defaultValue : defaultText;
    }

    /** Unit class of the value ({@code duration}, {@code count}, {@code boolean}) or empty. */
    public String unit() {
        return unit;
    }

    /** One sentence saying what the property does. */
    public String description() {
        return description;
    }

    /** Whether the value is secret and must never be shown. */
    public boolean isSecret() {
        return kind == Kind.SECRET;
    }

    Kind kind() {
        return kind;
    }

    /** Looks a property up by its key (case-sensitive, like the wrapper's properties). */
    public static Optional<AuroraProperty> byKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }

    /** The value as it may be shown: secrets (and any key named like one, see {@link Secrets}) masked. */
    String shown(String value) {
        return isSecret() || Secrets.isSecretKey(key) ? MASK : value;
    }

    /**
     * Checks a raw value and returns it in canonical form.
     *
     * @throws IllegalArgumentException naming the property, the (masked) value and the expected form
     */
    String validate(String raw) {
        if (raw == null) {
            throw invalid("null", "a value");
        }
        switch (kind) {
            case INTEGER:
                return Integer.toString(integer(raw));
            case BOOLEAN:
                return Boolean.toString(bool(raw));
            case DURATION:
            case DURATION_OR_ZERO:
                return Durations.format(duration(raw));
            case PRESET:
                return Preset.fromUrlName(raw).urlName();
            case STRATEGY:
                if (!READER_STRATEGIES.contains(raw.trim())) {
                    throw invalid(raw, "one of " + String.join(", ", READER_STRATEGIES) + " (case-sensitive)");
                }
                return raw.trim();
            case FAILOVER_MODE:
                if (!FAILOVER_MODES.contains(raw.trim())) {
                    throw invalid(raw, "one of " + String.join(", ", FAILOVER_MODES));
                }
                return raw.trim();
            case PLUGINS:
                return plugins(raw);
            case TEXT:
                if (raw.isBlank()) {
                    throw invalid(raw, "a non-empty text");
                }
                return raw.trim();
            default:
                return raw;
        }
    }

    private String plugins(String raw) {
        List<String> codes = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String code = part.trim();
            if (code.isEmpty() && raw.isBlank()) {
                continue;
            }
            if (!EXTRA_PLUGINS.contains(code)) {
                throw invalid(raw, "a comma-separated list of " + String.join(", ", EXTRA_PLUGINS) + " (case-sensitive;"
                        + " aurora-kit sets initialConnection, auroraConnectionTracker, failover2, efm2,"
                        + " readWriteSplitting itself)");
            }
            if (codes.contains(code)) {
                throw invalid(raw, "each plugin once");
            }
            codes.add(code);
        }
        return String.join(",", codes);
    }

    int integer(String raw) {
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(raw, "a whole number from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw invalid(raw, "a whole number from " + min + " to " + max);
        }
        return value;
    }

    boolean bool(String raw) {
        String text = raw.trim().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw invalid(raw, "true or false");
    }

    Duration duration(String raw) {
        Duration d = Durations.parse(key, raw);
        boolean zeroAllowed = kind == Kind.DURATION_OR_ZERO;
        if (hasDurationBounds()) {
            Duration low = Duration.ofSeconds(min);
            Duration high = Duration.ofSeconds(max);
            if (d.isNegative() || (d.isZero() && !zeroAllowed) || (!d.isZero() && (d.compareTo(low) < 0
                    || d.compareTo(high) > 0))) {
                throw invalid(raw, (zeroAllowed ? "0 (never) or " : "") + "from " + Durations.format(low) + " to "
                        + Durations.format(high) + ", as " + Durations.EXPECTED_FORM);
            }
            return d;
        }
        String expected = (zeroAllowed ? "0 (none) or " : "") + "at least 1s, as " + Durations.EXPECTED_FORM
                + (zeroAllowed ? "" : "; 0 is not allowed")
                + " (the wrapper truncates milliseconds to whole seconds for pgjdbc, so less than 1s would mean 0 ="
                + " wait forever)";
        if (d.isNegative() || (d.isZero() && !zeroAllowed) || (!d.isZero() && d.toMillis() < 1000)) {
            throw invalid(raw, expected);
        }
        if (d.compareTo(MAX_DURATION) > 0) {
            throw invalid(raw, "at most " + Durations.format(MAX_DURATION) + " (the wrapper and pgjdbc keep timeouts"
                    + " as int milliseconds or seconds)");
        }
        return d;
    }

    /** Whether a duration property has its own range: {@code min}/{@code max} in seconds (e.g. idleTimeout). */
    private boolean hasDurationBounds() {
        return min != Integer.MIN_VALUE;
    }

    IllegalArgumentException invalid(String raw, String expected) {
        return new IllegalArgumentException(key + "='" + shown(raw) + "' is invalid; expected " + expected);
    }
}
