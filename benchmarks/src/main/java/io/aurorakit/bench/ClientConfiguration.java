package io.aurorakit.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.aurorakit.config.AuroraConfig;
import io.aurorakit.config.AuroraProperty;
import io.aurorakit.config.Preset;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.measure.LoadClient;
import io.aurorakit.measure.OperationLog;
import io.aurorakit.retry.FailoverListener;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The client set-ups the failover harness compares. */
enum ClientConfiguration {

    /** aurora-kit with its default preset ({@code provisioned}). */
    AURORA_KIT_DEFAULT("aurora-kit-default", "AuroraDataSource, preset provisioned (failover2 + efm2)"),
    /** aurora-kit with the {@code fast-failover} preset. */
    AURORA_KIT_FAST_FAILOVER("aurora-kit-fast-failover", "AuroraDataSource, preset fast-failover"),
    /** HikariCP + the plain AWS wrapper with failover v1 ({@code failover}, not failover2), wrapper defaults. */
    WRAPPER_FAILOVER_V1("wrapper-failover-v1", "HikariCP + AWS wrapper, plugins auroraConnectionTracker,failover,efm2,"
            + " wrapper defaults"),
    /** HikariCP + plain pgjdbc on the cluster and reader endpoints: DNS-based failover, what apps see today. */
    NO_WRAPPER("no-wrapper", "HikariCP + plain pgjdbc on the cluster/reader endpoints, driver defaults");

    /** The wrapper's own EFM defaults (failureDetectionTime 30 s, interval 5 s, count 3). */
    private static final Duration WRAPPER_DEFAULT_DETECTION_BUDGET = Duration.ofSeconds(30 + 5 * 3);
    static final String V1_PLUGINS = "auroraConnectionTracker,failover,efm2";

    private final String id;
    private final String description;

    ClientConfiguration(String id, String description) {
        this.id = id;
        this.description = description;
    }

    String id() {
        return id;
    }

    String description() {
        return description;
    }

    static ClientConfiguration byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("configuration '" + id
                        + "' is unknown; expected one of "
                        + Arrays.stream(values()).map(ClientConfiguration::id).collect(Collectors.joining(", "))));
    }

    /**
     * The failure-detection budget this configuration is set up with: {@code AuroraConfig.failureDetectionWindow()}
     * (EFM grace + 1 s + interval x count + the longer probe timeout); empty without failure detection.
     */
    Optional<Duration> detectionBudget() {
        return switch (this) {
            case AURORA_KIT_DEFAULT -> Optional.of(budget(Preset.PROVISIONED));
            case AURORA_KIT_FAST_FAILOVER -> Optional.of(budget(Preset.FAST_FAILOVER));
            case WRAPPER_FAILOVER_V1 -> Optional.of(WRAPPER_DEFAULT_DETECTION_BUDGET);
            case NO_WRAPPER -> Optional.empty();
        };
    }

    private static Duration budget(Preset preset) {
        AuroraConfig c = AuroraConfig.builder().clusterEndpoint("x.cluster-y.us-east-1.rds.amazonaws.com", 5432)
                .property(AuroraProperty.PRESET.key(), preset.urlName()).build();
        return c.failureDetectionWindow();
    }

    /** Opens a client on the lab; {@code runTag} makes the wrapper's topology cache key unique per run. */
    LoadClient open(AuroraLab lab, String runTag, OperationLog log) {
        String clusterId = id + "-" + runTag;
        FailoverListener listener = FailoverListener.of(event -> log.handledFailure());
        return switch (this) {
            case AURORA_KIT_DEFAULT -> LoadClients.auroraKit(ClientPools.auroraKit(lab, Preset.PROVISIONED,
                    Map.of(AuroraProperty.CLUSTER_ID.key(), clusterId), listener));
            case AURORA_KIT_FAST_FAILOVER -> LoadClients.auroraKit(ClientPools.auroraKit(lab,
                    Preset.FAST_FAILOVER, Map.of(AuroraProperty.CLUSTER_ID.key(), clusterId), listener));
            case WRAPPER_FAILOVER_V1 -> {
                HikariDataSource writer = ClientPools.wrapper(lab, lab.clusterEndpoint(), "v1-writer", V1_PLUGINS,
                        clusterId, false, Map.of());
                yield LoadClients.pools(writer, ClientPools.wrapper(lab, lab.readerEndpoint(), "v1-reader",
                        V1_PLUGINS, clusterId, true, Map.of()));
            }
            case NO_WRAPPER -> {
                HikariDataSource writer = ClientPools.plain(lab, lab.clusterEndpoint(), "plain-writer", false);
                yield LoadClients.pools(writer, ClientPools.plain(lab, lab.readerEndpoint(), "plain-reader", true));
            }
        };
    }
}
