package io.aurorakit.metrics;

import io.aurorakit.AuroraDataSource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters of one {@link AuroraDataSource}: how often failovers interrupted work and what became of it
 * ({@code aurora.failovers}, {@code aurora.retries}, {@code aurora.retries.exhausted}, {@code aurora.attempts},
 * {@code aurora.calls} by outcome), how long re-runs waited and work took ({@code aurora.retry.delay},
 * {@code aurora.work.duration}), whether a failover is being ridden out now ({@code aurora.failover.in.progress}),
 * and HikariCP's own {@code hikaricp.connections.*} meters of the writer and reader pools (tag {@code pool}). The
 * aurora meters carry the tag {@code cluster} ({@code config().clusterId()}, by default the writer's
 * {@code host:port}) and any extra tags given. No meter queries the database.
 *
 * <p>Binding the same data source to the same registry again (with any tags) changes nothing. HikariCP's meters are bound only to a
 * pool that has no metrics registry or tracker yet (Spring Boot may have bound the writer pool already). Two open data
 * sources with the same {@code clusterId} need an extra tag to tell them apart; otherwise the second is not bound (a
 * warning says so). The meters of a closed data source are replaced by those of the next one bound with its tags.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * new AuroraMetrics(ds).bindTo(registry);
 * double failovers = registry.get("aurora.failovers").tag("kind", "connection_changed").functionCounter().count();
 * }</pre>
 */
public final class AuroraMetrics implements MeterBinder {

    /** The tag naming the data source on every aurora meter. */
    public static final String CLUSTER_TAG = "cluster";

    private static final Logger LOG = LoggerFactory.getLogger(AuroraMetrics.class);

    private final AuroraDataSource dataSource;
    private final Tags tags;

    /** Meters of {@code dataSource} tagged {@code cluster=<clusterId>}. */
    public AuroraMetrics(AuroraDataSource dataSource) {
        this(dataSource, Tags.empty());
    }

    /** Meters of {@code dataSource} tagged {@code cluster=<clusterId>} and {@code extraTags}. */
    public AuroraMetrics(AuroraDataSource dataSource, Iterable<Tag> extraTags) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.tags = Tags.of(CLUSTER_TAG, dataSource.config().clusterId()).and(Objects.requireNonNull(extraTags,
                "extraTags"));
    }

    /** The tags of the aurora meters. */
    public Tags tags() {
        return tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Bindings.Outcome outcome = Bindings.bind(registry, dataSource, tags, () -> {
            PoolMeters.bind(dataSource.pools().values(), registry);
            List<Meter> meters = new ArrayList<>(RetryMeters.bind(dataSource, registry, tags));
            MetricsListener listener = new MetricsListener(registry, tags);
            meters.addAll(listener.timers());
            dataSource.addListener(listener);
            return meters;
        });
        if (outcome == Bindings.Outcome.TAGS_TAKEN) {
            LOG.warn("Not binding the metrics of {}: another open data source is bound to this registry with the same"
                    + " tags {}; give AuroraMetrics an extra tag to tell them apart", dataSource, tags);
        }
    }

    @Override
    public String toString() {
        return "AuroraMetrics{" + tags + "}";
    }
}
