package io.aurorakit.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Named bundles of timeouts and failure-detection settings. Explicit properties always win over the preset.
 *
 * <ul>
 *   <li>{@code provisioned} (default): the catalogue defaults; failure detection in tens of seconds
 *       (10 s grace + 3 probes 5 s apart), failover budget 60 s.</li>
 *   <li>{@code fast-failover}: aggressive failure detection in seconds (2 s grace + 2 probes 1 s apart, probe
 *       connections time out after 1 s, topology connections after 2 s), connect timeout 3 s, failover budget
 *       30 s.</li>
 *   <li>{@code serverless-v2}: rides out a resume from auto-pause (about 15 s, 30 s or more after a pause longer
 *       than 24 h): connect and SSL-answer timeouts 45 s, login 75 s, the wrapper retries opening a connection and
 *       {@code getConnection()} waits for 90 s, and the retry budget grows with it. It lets the instance pause: the
 *       pools keep no idle connection (minimumIdle 0, idleTimeout 60 s), and 30 s after they are empty the wrapper's
 *       monitors of the cluster are stopped ({@code monitorIdleTimeout}), so the JVM holds no connection to it.</li>
 * </ul>
 *
 * <pre>{@code
 * AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint(host, 5432).preset(Preset.FAST_FAILOVER).build();
 * // or in a URL: jdbc:aurora:postgresql://host/db?preset=fast-failover
 * }</pre>
 */
public enum Preset {

    PROVISIONED("provisioned", "Provisioned Aurora instances; failure detection in tens of seconds."),
    FAST_FAILOVER("fast-failover", "Aggressive failure detection: a dead writer is noticed within seconds."),
    SERVERLESS_V2("serverless-v2",
            "Aurora Serverless v2: timeouts outlast a resume from auto-pause; an idle application lets it pause.");

    private final String urlName;
    private final String summary;

    Preset(String urlName, String summary) {
        this.urlName = urlName;
        this.summary = summary;
    }

    /** The name used in URLs and {@code preset=...}, e.g. {@code fast-failover}. */
    public String urlName() {
        return urlName;
    }

    /** One sentence saying what the preset is for. */
    public String summary() {
        return summary;
    }

    /** The properties this preset sets differently from the catalogue defaults (read-only). */
    public Map<AuroraProperty, String> overrides() {
        Map<AuroraProperty, String> m = new EnumMap<>(AuroraProperty.class);
        switch (this) {
            case FAST_FAILOVER:
                m.put(AuroraProperty.CONNECT_TIMEOUT, "3s");
                m.put(AuroraProperty.LOGIN_TIMEOUT, "10s");
                m.put(AuroraProperty.FAILOVER_TIMEOUT, "30s");
                m.put(AuroraProperty.FAILURE_DETECTION_TIME, "2s");
                m.put(AuroraProperty.FAILURE_DETECTION_INTERVAL, "1s");
                m.put(AuroraProperty.FAILURE_DETECTION_COUNT, "2");
                m.put(AuroraProperty.MONITORING_CONNECT_TIMEOUT, "1s");
                m.put(AuroraProperty.MONITORING_SOCKET_TIMEOUT, "1s");
                m.put(AuroraProperty.TOPOLOGY_MONITORING_CONNECT_TIMEOUT, "2s");
                m.put(AuroraProperty.TOPOLOGY_MONITORING_SOCKET_TIMEOUT, "2s");
                m.put(AuroraProperty.POOL_CONNECTION_TIMEOUT, "15s");
                break;
            case SERVERLESS_V2:
                // one attempt outlasts a resume wherever Aurora holds the client (TCP connect, SSL answer, login),
                // also after a > 24 h pause (>= 30 s)
                m.put(AuroraProperty.CONNECT_TIMEOUT, "45s");
                m.put(AuroraProperty.SSL_RESPONSE_TIMEOUT, "45s");
                m.put(AuroraProperty.LOGIN_TIMEOUT, "75s");
                // a second attempt fits too; getConnection() waits as long; the retry budget follows (AuroraConfig)
                m.put(AuroraProperty.CONNECT_RETRY_TIMEOUT, "90s");
                m.put(AuroraProperty.POOL_CONNECTION_TIMEOUT, "90s");
                m.put(AuroraProperty.TOPOLOGY_MONITORING_CONNECT_TIMEOUT, "30s");
                m.put(AuroraProperty.TOPOLOGY_MONITORING_SOCKET_TIMEOUT, "10s");
                m.put(AuroraProperty.MONITORING_CONNECT_TIMEOUT, "10s");
                // let the instance pause: idle pools drain, then the wrapper's monitors go
                m.put(AuroraProperty.MINIMUM_IDLE, "0");
                m.put(AuroraProperty.IDLE_TIMEOUT, "60s");
                m.put(AuroraProperty.MONITOR_DISPOSAL_TIME, "60s");
                m.put(AuroraProperty.MONITOR_IDLE_TIMEOUT, "30s");
                break;
            default:
                break;
        }
        return Collections.unmodifiableMap(m);
    }

    /** The value this preset gives a property: its override, else the catalogue default (may be null). */
    public String valueFor(AuroraProperty property) {
        String override = overrides().get(property);
        return override != null ? override : property.defaultValue().orElse(null);
    }

    /**
     * Finds a preset by its URL name ({@code provisioned}, {@code fast-failover}, {@code serverless-v2}).
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static Preset fromUrlName(String name) {
        String text = name == null ? "" : name.trim();
        for (Preset p : values()) {
            if (p.urlName.equals(text) || p.name().equals(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("preset='" + text + "' is unknown; expected one of "
                + Arrays.stream(values()).map(Preset::urlName).collect(Collectors.joining(", ")));
    }
}
