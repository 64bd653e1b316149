package io.aurorakit.insights;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Database load per period for one key (or for all sessions when {@code dimensions} is empty): one entry of PI's
 * {@code GetResourceMetrics} {@code MetricList}.
 *
 * @param dimensions dimension name to value; empty for the total over all sessions
 * @param points     one point per period, oldest first
 */
public record LoadSeries(Map<String, String> dimensions, List<Point> points) {

    public LoadSeries {
        dimensions = Map.copyOf(Objects.requireNonNull(dimensions, "dimensions"));
        points = List.copyOf(points);
    }

    /**
     * Average active sessions in the period that starts at {@code timestamp}; null when no sample covers it.
     *
     * @param timestamp the start of the period
     * @param value     average active sessions, or null for a period without data
     */
    public record Point(Instant timestamp, Double value) {
        public Point {
            Objects.requireNonNull(timestamp, "timestamp");
        }
    }
}
