package io.aurorakit.drill;

import io.aurorakit.insights.DbLoadSource;
import io.aurorakit.insights.DimensionGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The drill report's "what the writer was waiting on": the writer's top wait events and statements by database load
 * (average active sessions, as Performance Insights counts it) in the window before the fault and in the window after
 * it, each read from the instance that was the writer then.
 *
 * @param source where the load comes from, e.g. "the lab's Performance Insights (sampled once a second)"
 * @param before the writer before the fault, from {@link #BEFORE} (at most the warm-up) before the fault up to it
 * @param after  the writer after the fault, from the fault to the end of the workload
 */
record WriterWaits(String source, Window before, Window after) {

    /** How far back the "before" window reaches at most. */
    static final Duration BEFORE = Duration.ofSeconds(30);
    /** Keys per list in the report. */
    static final int TOP = 5;

    /**
     * Where a target reads the writer's load: one source per writer (the lab samples each instance; a sampler through
     * the cluster endpoint follows the writer, so it may be the same source twice).
     */
    record Sources(String description, String writerBefore, DbLoadSource before, String writerAfter,
                   DbLoadSource after) {
    }

    /**
     * One window of one writer.
     *
     * @param fromMs ms since the workload started
     * @param toMs   ms since the workload started
     */
    record Window(String instance, long fromMs, long toMs, List<LoadEntry> waitEvents, List<LoadEntry> sql) {

        static Window read(String instance, DbLoadSource load, Instant from, Instant to, long fromMs, long toMs) {
            return new Window(instance, fromMs, toMs,
                    LoadEntry.of(load.topKeys(DimensionGroup.WAIT_EVENT, from, to, TOP)),
                    LoadEntry.of(load.topKeys(DimensionGroup.SQL_TOKENIZED, from, to, TOP)));
        }
    }

    /** Reads both windows around the fault; null without sources, without a fault or when reading fails. */
    static WriterWaits read(Sources sources, DrillRecorder recorder, long endNanos, Duration warmup) {
        long fault = recorder.faultNanos();
        if (sources == null || fault < 0) {
            return null;
        }
        long nowNanos = recorder.now();
        Instant now = Instant.now();
        long beforeNanos = Math.min(warmup.toNanos(), BEFORE.toNanos());
        Instant faultAt = now.minusNanos(nowNanos - fault);
        Instant endAt = now.minusNanos(nowNanos - endNanos);
        Window before = Window.read(sources.writerBefore(), sources.before(), faultAt.minusNanos(beforeNanos), faultAt,
                recorder.millisSinceStart(fault - beforeNanos), recorder.millisSinceStart(fault));
        Window after = Window.read(sources.writerAfter(), sources.after(), faultAt, endAt,
                recorder.millisSinceStart(fault), recorder.millisSinceStart(endNanos));
        return new WriterWaits(sources.description(), before, after);
    }

    /** The report's section. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("What the writer was waiting on (average active sessions; " + source + ")");
        window(lines, "before the fault", before);
        window(lines, "after the fault", after);
        return lines;
    }

    private static void window(List<String> lines, String name, Window w) {
        lines.add(String.format(Locale.ROOT, "  %s: %s, %d..%d ms", name, w.instance(), w.fromMs(), w.toMs()));
        lines.add("    wait events");
        lines.addAll(InsightsText.lines(w.waitEvents(), "      "));
        lines.add("    SQL");
        lines.addAll(InsightsText.lines(w.sql(), "      "));
    }
}
