package io.aurorakit.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link SamplerOverheadHarness} measured, as written to {@code results/sampler-overhead.json} and read back by
 * {@link ResultsReport}. The derived figures are computed from the rounds when read, not stored.
 *
 * @param generatedAt  ISO-8601 time the run finished
 * @param profile      {@code quick} or {@code full}
 * @param environment  machine and versions
 * @param labTiming    the lab's timing profile (FAST: no failover happens in this measurement)
 * @param settings     how the rounds ran
 * @param rounds       every measured round, in the order they ran
 * @param sampleMicros how long each {@code sampleNow()} of the on-rounds took, in microseconds, in order (wall time
 *                     on the client: on a saturated machine it includes waiting for a CPU)
 * @param serverTime   the server's execution time of the sampler's query ({@code pg_stat_statements}); null if unknown
 */
record SamplerOverheadResult(String generatedAt, String profile, Environment environment, String labTiming,
                             Settings settings, List<Round> rounds, List<Long> sampleMicros, ServerTime serverTime) {

    /**
     * The sampler's {@code pg_stat_activity} query as {@code pg_stat_statements} saw it over the whole run (the
     * warm-up's first sample included).
     *
     * @param calls     executions
     * @param meanMicros mean execution time on the server
     */
    record ServerTime(long calls, long meanMicros) {
    }

    /**
     * @param client        the load's client ({@code HikariCP + pgjdbc} on the cluster endpoint)
     * @param writers       writer threads of the workload (unpaced: each starts its next operation at once)
     * @param readers       reader threads of the workload, on the writer as well
     * @param warmUpSeconds load without measurement before the first round
     * @param roundSeconds  length of one round
     * @param onRounds      rounds with the sampler, each between two rounds without it (off, on, off, on, ..., off)
     * @param intervalMs    the sampler's interval
     */
    record Settings(String client, int writers, int readers, int warmUpSeconds, int roundSeconds, int onRounds,
                    long intervalMs) {
    }

    /**
     * One round of steady load.
     *
     * @param index     0-based position in the sequence of rounds
     * @param samplerOn whether the sampler sampled during the round
     * @param ops       successful operations completed in the round
     * @param failed    failed operations in the round
     * @param nanos     the round's measured length
     * @param samples   samples the sampler took in the round
     */
    record Round(int index, boolean samplerOn, long ops, long failed, long nanos, int samples) {

        double opsPerSecond() {
            return ops * 1e9 / nanos;
        }
    }

    /**
     * Per round with the sampler, its throughput divided by the mean throughput of the rounds without it just before
     * and just after (a linear drift of the machine or of the database cancels out).
     */
    List<Double> roundRatios() {
        List<Double> ratios = new ArrayList<>();
        for (int i = 1; i + 1 < rounds.size(); i++) {
            Round before = rounds.get(i - 1);
            Round on = rounds.get(i);
            Round after = rounds.get(i + 1);
            if (on.samplerOn() && !before.samplerOn() && !after.samplerOn() && before.ops() + after.ops() > 0) {
                ratios.add(on.opsPerSecond() / ((before.opsPerSecond() + after.opsPerSecond()) / 2));
            }
        }
        return ratios;
    }

    /** Nearest-rank percentile of the round ratios; NaN without any. */
    double ratio(double percentile) {
        List<Double> sorted = roundRatios().stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : Percentiles.nearestRank(sorted, percentile);
    }

    /** Throughput lost with the sampler on: 1 - the median round ratio (negative: the sampler's rounds were faster). */
    double cost() {
        return 1 - ratio(50);
    }

    /** The 95% confidence interval of the median ratio ({@link MedianInterval}). */
    double[] medianInterval() {
        return MedianInterval.interval(roundRatios());
    }

    /** The cost's uncertainty: the larger distance from the median to an end of {@link #medianInterval()}. */
    double noise() {
        return MedianInterval.halfWidth(roundRatios());
    }

    /** Nearest-rank percentile of the sample times in microseconds; -1 without samples. */
    long sampleMicros(double percentile) {
        return sampleMicros.isEmpty() ? -1 : Percentiles.nearestRank(sampleMicros.stream().sorted().toList(),
                percentile);
    }

    /**
     * The share of one core the sampler's query takes on the server at the sampling interval (mean execution time /
     * interval); NaN when {@link #serverTime} is unknown.
     */
    double serverShare() {
        return serverTime == null ? Double.NaN : serverTime.meanMicros() / (settings.intervalMs() * 1000.0);
    }

    /** Mean throughput of the rounds with ({@code on}) or without the sampler. */
    double meanOpsPerSecond(boolean on) {
        return rounds.stream().filter(r -> r.samplerOn() == on).mapToDouble(Round::opsPerSecond).average()
                .orElse(Double.NaN);
    }
}
