package io.aurorakit.metrics;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.retry.CallOutcome;
import io.aurorakit.retry.FailureKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The meters read from {@link AuroraDataSource#stats()} when the registry is scraped: function counters and the
 * in-progress gauge. They hold the data source weakly (Micrometer's default).
 */
final class RetryMeters {

    static final String FAILOVERS = "aurora.failovers";
    static final String RETRIES = "aurora.retries";
    static final String EXHAUSTED = "aurora.retries.exhausted";
    static final String ATTEMPTS = "aurora.attempts";
    static final String CALLS = "aurora.calls";
    static final String IN_PROGRESS = "aurora.failover.in.progress";
    static final String KIND = "kind";

    private RetryMeters() {
    }

    /** Registers the meters; returns them. */
    static List<Meter> bind(AuroraDataSource ds, MeterRegistry registry, Tags tags) {
        List<Meter> meters = new ArrayList<>();
        meters.add(counter(ds, FAILOVERS, tags.and(KIND, tag(FailureKind.CONNECTION_CHANGED)), "failovers",
                "Connection changes (08S02, or a connection lost before COMMIT) seen by units of work",
                d -> d.stats().failovers()).register(registry));
        meters.add(counter(ds, FAILOVERS, tags.and(KIND, tag(FailureKind.OUTCOME_UNKNOWN)), "failovers",
                "Transactions cut by a failover during COMMIT, outcome unknown (08007), re-run or not",
                d -> d.stats().outcomeUnknown()).register(registry));
        meters.add(counter(ds, RETRIES, tags, "retries",
                "Times a unit of work was run again after a failover or an unavailable cluster",
                d -> d.stats().retries()).register(registry));
        meters.add(counter(ds, EXHAUSTED, tags, "calls",
                "Units of work given up because attempts or the time budget ran out",
                d -> d.stats().exhausted()).register(registry));
        meters.add(counter(ds, ATTEMPTS, tags, "attempts",
                "Attempts of units of work started (first runs and re-runs)",
                d -> d.stats().attempts()).register(registry));
        for (CallOutcome outcome : CallOutcome.values()) {
            meters.add(counter(ds, CALLS, tags.and(KIND, outcome.tag()), "calls",
                    "Units of work ended, by outcome: with or without a re-run, successful or not",
                    d -> d.stats().calls(outcome)).register(registry));
        }
        meters.add(Gauge.builder(IN_PROGRESS, ds, d -> d.stats().retryingNow())
                .description("Units of work being run again after a failover-related failure right now (above 0:"
                        + " a failover is still being ridden out)")
                .baseUnit("calls").tags(tags).register(registry));
        return meters;
    }

    private static FunctionCounter.Builder<AuroraDataSource> counter(AuroraDataSource ds, String name, Tags tags,
            String unit, String description, ToDoubleFunction<AuroraDataSource> count) {
        return FunctionCounter.builder(name, ds, count).description(description).baseUnit(unit).tags(tags);
    }

    static String tag(FailureKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
