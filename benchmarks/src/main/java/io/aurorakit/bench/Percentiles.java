package io.aurorakit.bench;

import java.util.List;

/** Nearest-rank percentiles of small samples (a handful of failover runs). */
final class Percentiles {

    private Percentiles() {
    }

    /** The nearest-rank {@code percentile} (0-100] of a sorted, non-empty list. */
    static <T> T nearestRank(List<T> sorted, double percentile) {
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("percentile of an empty sample; expected at least one value");
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.min(sorted.size(), Math.max(1, rank)) - 1);
    }
}
