package io.aurorakit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link CallCostHarness} measured, as written to {@code results/call-cost.json} and read back by
 * {@link ResultsReport}. The ratios are computed from the rounds when read, not stored.
 *
 * @param generatedAt ISO-8601 time the run finished
 * @param profile     {@code quick} or {@code full}
 * @param environment machine and versions
 * @param labTiming   the lab's timing profile (no failover happens in this measurement)
 * @param settings    how the rounds ran
 * @param rounds      every measured round, in the order they ran
 */
record CallCostResult(String generatedAt, String profile, Environment environment, String labTiming,
                      Settings settings, List<Round> rounds) {

    /**
     * @param warmUpSeconds each call run unmeasured this long before the first round
     * @param roundMillis   length of one round
     * @param cycles        rounds of each call; every group's baseline runs once more at the end
     */
    record Settings(int warmUpSeconds, int roundMillis, int cycles) {
    }

    /**
     * One round: one thread running {@code call} back to back.
     *
     * @param cycle     0-based cycle
     * @param call      the {@link CallCostHarness.Call} measured
     * @param ops       calls completed in the round
     * @param p50Micros median latency of the round's calls
     */
    record Round(int cycle, CallCostHarness.Call call, long ops, double p50Micros) {
    }

    /**
     * Per cycle, the round median of {@code call} divided by the mean of its group's baseline rounds of that cycle and
     * the next (a linear drift of the machine cancels out).
     */
    List<Double> ratios(CallCostHarness.Call call) {
        CallCostHarness.Call base = call.baseline();
        Map<Integer, Double> baseline = byCycle(base);
        Map<Integer, Double> measured = byCycle(call);
        List<Double> ratios = new ArrayList<>();
        measured.forEach((cycle, p50) -> {
            Double before = baseline.get(cycle);
            Double after = baseline.get(cycle + 1);
            if (before != null && after != null) {
                ratios.add(p50 / ((before + after) / 2));
            }
        });
        return ratios;
    }

    /** The median ratio of {@code call} to its baseline; NaN when it was not measured. */
    double ratio(CallCostHarness.Call call) {
        return MedianInterval.median(ratios(call));
    }

    /** The 95% confidence interval of {@link #ratio}. */
    double[] interval(CallCostHarness.Call call) {
        return MedianInterval.interval(ratios(call));
    }

    /** The median over the rounds of {@code call} of their median latency; NaN when not measured. */
    double p50Micros(CallCostHarness.Call call) {
        return MedianInterval.median(rounds.stream().filter(r -> r.call() == call).map(Round::p50Micros).toList());
    }

    private Map<Integer, Double> byCycle(CallCostHarness.Call call) {
        return rounds.stream().filter(r -> r.call() == call)
                .collect(Collectors.toMap(Round::cycle, Round::p50Micros, (a, b) -> a, java.util.TreeMap::new));
    }
}
