package io.aurorakit.failover;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.config.Preset;
import io.aurorakit.lab.AuroraLab;
import java.util.UUID;

/**
 * {@link AuroraDataSource} builders aimed at an {@link AuroraLab}'s cluster endpoint, with the settings the scenarios
 * share: the lab's credentials, the {@code fast-failover} preset (failure detection in seconds), a small pool and a
 * {@code clusterId} of its own (so wrapper monitors and topology caches never leak between data sources).
 *
 * <pre>{@code
 * try (AuroraDataSource ds = LabDataSources.forLab(lab).listener(events).build()) { ... }
 * }</pre>
 */
final class LabDataSources {

    static final int POOL_SIZE = 3;

    private LabDataSources() {
    }

    /** A builder for the lab's cluster endpoint; callers may override anything before {@code build()}. */
    static AuroraDataSource.Builder forLab(AuroraLab lab) {
        return AuroraDataSource.builder()
                .url(lab.jdbcUrl())
                .user(lab.user())
                .password(lab.password())
                .preset(Preset.FAST_FAILOVER)
                .maximumPoolSize(POOL_SIZE)
                .property("clusterId", "suite-" + UUID.randomUUID());
    }
}
