package io.aurorakit.metrics;

import io.aurorakit.AuroraDataSource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Which data source owns which tags in which registry, so that binding one data source twice adds no second listener
 * (every call would be counted twice) and a second data source cannot take over the meters of a first one that is
 * still open. The meters of a data source that was closed (or dropped) are removed when another one takes its tags.
 * Weak on registries and data sources.
 */
final class Bindings {

    /** What {@link #bind} did. */
    enum Outcome { BOUND, ALREADY_BOUND, TAGS_TAKEN }

    /** The meters registered for one data source. */
    private record Binding(WeakReference<AuroraDataSource> dataSource, List<Meter> meters) {
    }

    private static final Map<MeterRegistry, Map<Tags, Binding>> BOUND = new WeakHashMap<>();

    private Bindings() {
    }

    /**
     * Runs {@code register} (which returns the meters it registered) unless {@code dataSource} is bound to
     * {@code registry} already, or an open data source is bound with the same {@code tags}.
     */
    static synchronized Outcome bind(MeterRegistry registry, AuroraDataSource dataSource, Tags tags,
            Supplier<List<Meter>> register) {
        Map<Tags, Binding> owners = BOUND.computeIfAbsent(registry, r -> new HashMap<>());
        if (owners.values().stream().anyMatch(b -> b.dataSource().get() == dataSource)) {
            return Outcome.ALREADY_BOUND;
        }
        Binding previous = owners.get(tags);
        if (previous != null) {
            AuroraDataSource owner = previous.dataSource().get();
            if (owner != null && !owner.isClosed()) {
                return Outcome.TAGS_TAKEN;
            }
            previous.meters().forEach(registry::remove);
        }
        owners.put(tags, new Binding(new WeakReference<>(dataSource), List.copyOf(register.get())));
        return Outcome.BOUND;
    }
}
