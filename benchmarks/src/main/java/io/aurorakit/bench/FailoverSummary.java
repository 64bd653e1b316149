package io.aurorakit.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The harness runs of one (configuration, fault) pair, summarised with nearest-rank percentiles.
 *
 * @param configuration configuration id
 * @param fault         fault id
 * @param runs          the runs
 */
record FailoverSummary(String configuration, String fault, List<HarnessResult.Run> runs) {

    /** Groups runs by (configuration, fault), in first-seen order. */
    static List<FailoverSummary> of(List<HarnessResult.Run> runs) {
        Map<String, List<HarnessResult.Run>> groups = new LinkedHashMap<>();
        for (HarnessResult.Run run : runs) {
            groups.computeIfAbsent(run.configuration() + "|" + run.fault(), k -> new ArrayList<>()).add(run);
        }
        List<FailoverSummary> result = new ArrayList<>();
        groups.forEach((k, v) -> result.add(new FailoverSummary(v.get(0).configuration(), v.get(0).fault(),
                List.copyOf(v))));
        return result;
    }

    long writeOutage(double percentile) {
        return percentile(percentile, HarnessResult.Run::writeOutageMs);
    }

    long readOutage(double percentile) {
        return percentile(percentile, HarnessResult.Run::readOutageMs);
    }

    /** Write outage minus the lab's own time to a writable new writer (what the client adds). */
    long excessOverPromotion(double percentile) {
        return percentile(percentile, r -> r.writeOutageMs() - r.labPromotionMs());
    }

    long promotion(double percentile) {
        return percentile(percentile, HarnessResult.Run::labPromotionMs);
    }

    /** Detection percentile over runs that saw the fault; -1 if none did. */
    long detection(double percentile) {
        List<Long> values = runs.stream().filter(r -> r.detectionMs() != null).map(HarnessResult.Run::detectionMs)
                .sorted().toList();
        return values.isEmpty() ? -1 : Percentiles.nearestRank(values, percentile);
    }

    /** The wrapper's own detection (failover started) percentile over runs where it happened; -1 if none. */
    long wrapperDetection(double percentile) {
        List<Long> values = runs.stream().filter(r -> r.wrapperDetectionMs() != null)
                .map(HarnessResult.Run::wrapperDetectionMs).sorted().toList();
        return values.isEmpty() ? -1 : Percentiles.nearestRank(values, percentile);
    }

    /**
     * The client library's detection (the wrapper starting a failover, else the first sign the application saw)
     * minus the configured budget, over runs with both; empty if none.
     */
    java.util.Optional<Long> detectionOverBudget(double percentile) {
        List<Long> values = runs.stream().filter(r -> r.detectionBudgetMs() != null
                        && (r.wrapperDetectionMs() != null || r.detectionMs() != null))
                .map(r -> (r.wrapperDetectionMs() != null ? r.wrapperDetectionMs() : r.detectionMs())
                        - r.detectionBudgetMs()).sorted().toList();
        return values.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(Percentiles.nearestRank(values, percentile));
    }

    double meanErrors() {
        return runs.stream().mapToLong(HarnessResult.Run::errors).average().orElse(0);
    }

    long censoredRuns() {
        return runs.stream().filter(HarnessResult.Run::censored).count();
    }

    Long budget() {
        return runs.get(0).detectionBudgetMs();
    }

    private long percentile(double percentile, ToLongFunction<HarnessResult.Run> value) {
        return Percentiles.nearestRank(runs.stream().map(value::applyAsLong).sorted().toList(), percentile);
    }
}
