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
 *   <li>{@code fast-failover}: aggressive failure detection in seconds (2 s grace + 2 probes 1 s apart, probe and
 *       topology connections time out after 2 s), connect timeout 3 s, failover budget 30 s.</li>
 *   <li>{@code serverless-v2}: connect and login timeouts that survive a 15-30 s auto-pause resume (connect 30 s,
 *       login 60 s, pool wait 60 s) and no idle connections kept open, so the instance can pause.</li>
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
    SERVERLESS_V2("serverless-v2", "Aurora Serverless v2: timeouts survive a 15-30 s resume from auto-pause.");

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
                m.put(AuroraProperty.MONITORING_CONNECT_TIMEOUT, "2s");
                m.put(AuroraProperty.MONITORING_SOCKET_TIMEOUT, "2s");
                m.put(AuroraProperty.TOPOLOGY_MONITORING_CONNECT_TIMEOUT, "2s");
                m.put(AuroraProperty.TOPOLOGY_MONITORING_SOCKET_TIMEOUT, "2s");
                m.put(AuroraProperty.POOL_CONNECTION_TIMEOUT, "15s");
                break;
            case SERVERLESS_V2:
                m.put(AuroraProperty.CONNECT_TIMEOUT, "30s");
                m.put(AuroraProperty.LOGIN_TIMEOUT, "60s");
                m.put(AuroraProperty.TOPOLOGY_MONITORING_CONNECT_TIMEOUT, "30s");
                m.put(AuroraProperty.TOPOLOGY_MONITORING_SOCKET_TIMEOUT, "10s");
                m.put(AuroraProperty.MONITORING_CONNECT_TIMEOUT, "10s");
                m.put(AuroraProperty.POOL_CONNECTION_TIMEOUT, "60s");
                m.put(AuroraProperty.MINIMUM_IDLE, "0");
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
