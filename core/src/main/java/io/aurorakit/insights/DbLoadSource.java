package io.aurorakit.insights;

import java.time.Instant;

/**
 * Where database load comes from: a {@link DbLoadSampler} on any PostgreSQL, or Performance Insights on Aurora and RDS
 * ({@link PerformanceInsightsReader}). Windows are {@code [start, end)}; both are aligned to the period the way PI
 * aligns them (start down, end up).
 */
public interface DbLoadSource {

    /**
     * The top keys of {@code group} by load over {@code [start, end)} (PI's {@code DescribeDimensionKeys}).
     *
     * @param limit how many keys at most, 1 to 25
     */
    DbLoad topKeys(DimensionGroup group, Instant start, Instant end, int limit);

    /**
     * Load per period over {@code [start, end)}, in total and, when {@code group} is not null, for its top
     * {@code limit} keys (PI's {@code GetResourceMetrics}).
     *
     * @param group         the group to split by, or null for the total only
     * @param periodSeconds 1, 60, 300, 3600 or 86400, as PI accepts
     * @param limit         how many keys at most, 1 to 25 (ignored without a group)
     */
    ResourceMetrics loadOverTime(DimensionGroup group, Instant start, Instant end, int periodSeconds, int limit);
}
