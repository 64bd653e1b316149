package io.aurorakit.insights;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Database load over time: what PI's {@code GetResourceMetrics} answers for {@code db.load.avg}. The first series
 * is the total over all sessions, then (when grouped) one series per top key.
 *
 * @param alignedStart  the first period's start
 * @param alignedEnd    the last period's end (exclusive)
 * @param periodSeconds the length of one period
 * @param series        the total first, then one series per key
 */
public record ResourceMetrics(Instant alignedStart, Instant alignedEnd, int periodSeconds, List<LoadSeries> series) {

    public ResourceMetrics {
        Objects.requireNonNull(alignedStart, "alignedStart");
        Objects.requireNonNull(alignedEnd, "alignedEnd");
        series = List.copyOf(series);
    }

    /** The series over all sessions (the one without dimensions). */
    public Optional<LoadSeries> total() {
        return series.stream().filter(s -> s.dimensions().isEmpty()).findFirst();
    }
}
