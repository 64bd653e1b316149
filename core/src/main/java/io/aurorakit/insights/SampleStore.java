package io.aurorakit.insights;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples a {@link DbLoadSampler} took, for as long as its retention, and PI's aggregates over them. A sample is
 * the dimension values of each active session at one instant; a period's load is the active sessions summed over
 * its samples divided by the number of samples (average active sessions). A period without samples has no value.
 */
final class SampleStore {

    /** The active sessions seen at one instant, each as dimension name to value. */
    record Sample(Instant at, List<Map<String, String>> sessions) {
        Sample {
            sessions = List.copyOf(sessions);
        }
    }

    private final Duration retention;
    private final Deque<Sample> samples = new ArrayDeque<>();

    SampleStore(Duration retention) {
        this.retention = retention;
    }

    synchronized void add(Sample sample) {
        samples.addLast(sample);
        Instant oldest = sample.at().minus(retention);
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(oldest)) {
            samples.removeFirst();
        }
    }

    synchronized int size() {
        return samples.size();
    }

    synchronized Instant latest() {
        return samples.isEmpty() ? null : samples.peekLast().at();
    }

    private synchronized List<Sample> within(LoadQuery query) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (query.periodOf(s.at()) >= 0) {
                out.add(s);
            }
        }
        return out;
    }

    DbLoad topKeys(LoadQuery query) {
        List<Sample> window = within(query);
        List<DbLoadKey> keys = new ArrayList<>();
        if (!window.isEmpty()) {
            sessionsByKey(query.group(), window).forEach((key, count) ->
                    keys.add(new DbLoadKey(key, (double) count / window.size())));
        }
        keys.sort(Comparator.comparingDouble(DbLoadKey::total).reversed());
        return new DbLoad(query.group(), query.start(), query.end(),
                keys.subList(0, Math.min(query.limit(), keys.size())));
    }

    ResourceMetrics loadOverTime(LoadQuery query) {
        List<Sample> window = within(query);
        int periods = query.periods();
        int[] samplesPerPeriod = new int[periods];
        int[] sessionsPerPeriod = new int[periods];
        for (Sample s : window) {
            int p = query.periodOf(s.at());
            samplesPerPeriod[p]++;
            sessionsPerPeriod[p] += s.sessions().size();
        }
        List<LoadSeries> series = new ArrayList<>();
        series.add(new LoadSeries(Map.of(), points(query, samplesPerPeriod, sessionsPerPeriod)));
        if (query.group() != null) {
            for (DbLoadKey key : topKeys(query).keys()) {
                int[] keySessions = new int[periods];
                for (Sample s : window) {
                    int p = query.periodOf(s.at());
                    for (Map<String, String> session : s.sessions()) {
                        if (keyOf(query.group(), session).equals(key.dimensions())) {
                            keySessions[p]++;
                        }
                    }
                }
                series.add(new LoadSeries(key.dimensions(), points(query, samplesPerPeriod, keySessions)));
            }
        }
        return new ResourceMetrics(query.start(), query.end(), query.periodSeconds(), series);
    }

    private static List<LoadSeries.Point> points(LoadQuery query, int[] samples, int[] sessions) {
        List<LoadSeries.Point> points = new ArrayList<>(samples.length);
        for (int p = 0; p < samples.length; p++) {
            points.add(new LoadSeries.Point(query.periodStart(p),
                    samples[p] == 0 ? null : (double) sessions[p] / samples[p]));
        }
        return points;
    }

    private static Map<Map<String, String>, Integer> sessionsByKey(DimensionGroup group, List<Sample> window) {
        Map<Map<String, String>, Integer> counts = new HashMap<>();
        for (Sample s : window) {
            for (Map<String, String> session : s.sessions()) {
                counts.merge(keyOf(group, session), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static Map<String, String> keyOf(DimensionGroup group, Map<String, String> session) {
        Map<String, String> key = new LinkedHashMap<>();
        for (String dimension : group.dimensions()) {
            key.put(dimension, session.getOrDefault(dimension, ""));
        }
        return Map.copyOf(key);
    }
}
