package io.aurorakit.bench;

import java.util.List;

/**
 * The median of a list of per-round ratios and its distribution-free 95% confidence interval: the order statistics of
 * rank {@code n/2 -+ 1.96 sqrt(n)/2} (the whole range for a handful of rounds). The interleaved harnesses judge their
 * goals by it, because the effects they look for are smaller than the fork-to-fork noise of JMH on this machine.
 */
final class MedianInterval {

    private MedianInterval() {
    }

    /** Nearest-rank median of {@code values}; NaN when empty. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : Percentiles.nearestRank(sorted, 50);
    }

    /** {@code {low, high}} of the 95% confidence interval of the median; {@code {NaN, NaN}} when empty. */
    static double[] interval(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double half = 1.96 * Math.sqrt(n) / 2;
        int low = Math.max(1, (int) Math.floor(n / 2.0 - half));
        int high = Math.min(n, (int) Math.ceil(n / 2.0 + half) + 1);
        return new double[] {sorted.get(low - 1), sorted.get(high - 1)};
    }

    /** The larger distance from the median to an end of its {@link #interval}. */
    static double halfWidth(List<Double> values) {
        double median = median(values);
        double[] interval = interval(values);
        return Math.max(median - interval[0], interval[1] - median);
    }
}
