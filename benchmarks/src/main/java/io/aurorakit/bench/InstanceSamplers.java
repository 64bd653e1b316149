package io.aurorakit.bench;

import io.aurorakit.insights.DbLoad;
import io.aurorakit.insights.DbLoadKey;
import io.aurorakit.insights.DbLoadSampler;
import io.aurorakit.insights.DimensionGroup;
import io.aurorakit.insights.LoadSeries;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.LabInstance;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link DbLoadSampler}s on every instance of a lab during one harness run, and the {@link HarnessResult.LoadWindow}s
 * read from them. Each sampler connects straight to its instance's server, past the instance's proxy, so a
 * black-holed instance is still sampled (Performance Insights samples on the host, too); a crashed one has no samples
 * until it is back. Windows are whole seconds, so the aggregation's alignment cannot spill a window across the fault.
 */
final class InstanceSamplers implements AutoCloseable {

    /** Keys kept per window and dimension group. */
    static final int TOP = 5;

    private final Map<String, DbLoadSampler> samplers;

    private InstanceSamplers(Map<String, DbLoadSampler> samplers) {
        this.samplers = samplers;
    }

    /** Starts one sampler per lab instance, sampling every {@code interval}. */
    static InstanceSamplers start(AuroraLab lab, Duration interval) {
        Map<String, DbLoadSampler> samplers = new LinkedHashMap<>();
        for (LabInstance instance : lab.instances()) {
            String id = instance.id();
            samplers.put(id, DbLoadSampler.builder(() -> lab.connectDirect(id)).interval(interval)
                    .retention(Duration.ofMinutes(15)).name("dbload-" + id).start());
        }
        return new InstanceSamplers(samplers);
    }

    /** The load of {@code instance} in the whole seconds of {@code length} that end at (or just before) the fault. */
    HarnessResult.LoadWindow before(String instance, Instant fault, Duration length) {
        Instant end = fault.truncatedTo(ChronoUnit.SECONDS);
        return window(instance, fault, end.minus(length), length);
    }

    /** The load of {@code instance} in the whole seconds of {@code length} that start at (or just after) {@code from}. */
    HarnessResult.LoadWindow after(String instance, Instant fault, Instant from, Duration length) {
        Instant start = from.truncatedTo(ChronoUnit.SECONDS);
        return window(instance, fault, start.equals(from) ? start : start.plusSeconds(1), length);
    }

    private HarnessResult.LoadWindow window(String instance, Instant fault, Instant start, Duration length) {
        DbLoadSampler sampler = samplers.get(instance);
        if (sampler == null) {
            return null;
        }
        Instant end = start.plus(length);
        List<Double> seconds = sampler.loadOverTime(null, start, end, 1, 1).total().orElseThrow().points().stream()
                .map(LoadSeries.Point::value).filter(Objects::nonNull).toList();
        double total = seconds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return new HarnessResult.LoadWindow(instance, Duration.between(fault, start).toMillis(), length.toMillis(),
                seconds.size(), round(total), keys(sampler.topKeys(DimensionGroup.WAIT_EVENT, start, end, TOP)),
                keys(sampler.topKeys(DimensionGroup.SQL_TOKENIZED, start, end, TOP)));
    }

    /** The keys by their label, highest first; keys with the same label (a statement under two query ids) merge. */
    private static List<HarnessResult.LoadKey> keys(DbLoad load) {
        String label = load.group().label();
        Map<String, Double> byLabel = new LinkedHashMap<>();
        load.keys().forEach(k -> byLabel.merge(keyText(k, label), k.total(), Double::sum));
        return byLabel.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                .map(e -> new HarnessResult.LoadKey(e.getKey(), round(e.getValue()))).toList();
    }

    private static String keyText(DbLoadKey key, String label) {
        return key.get(label).replaceAll("\\s+", " ").strip();
    }

    private static double round(double aas) {
        return Math.round(aas * 1000) / 1000.0;
    }

    /** Stops every sampler (the samples stay readable). */
    @Override
    public void close() {
        samplers.values().forEach(DbLoadSampler::close);
    }
}
