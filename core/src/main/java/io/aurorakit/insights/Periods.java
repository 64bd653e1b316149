package io.aurorakit.insights;

import java.time.Instant;
import java.util.List;

/**
 * The periods Performance Insights accepts ({@code PeriodInSeconds}), the one it picks when none is given, and how it
 * aligns a window to a period (start down, end up). One place for {@link DbLoadSampler}, {@link
 * PerformanceInsightsReader} and anything that answers PI's API (the Aurora lab's).
 */
public final class Periods {

    /** The periods PI accepts, in seconds, shortest first. */
    public static final List<Integer> ACCEPTED = List.of(1, 60, 300, 3600, 86400);

    /** PI picks a period giving about 100 to 200 points: the shortest with at most this many. */
    static final int MAX_AUTOMATIC_POINTS = 200;

    private Periods() {
    }

    /** Whether PI accepts {@code seconds} as a period. */
    public static boolean accepted(int seconds) {
        return ACCEPTED.contains(seconds);
    }

    /** The period PI picks for {@code [start, end)} when the request names none. */
    public static int automatic(Instant start, Instant end) {
        long seconds = Math.max(1, end.getEpochSecond() - start.getEpochSecond());
        for (int period : ACCEPTED) {
            if (seconds / period <= MAX_AUTOMATIC_POINTS) {
                return period;
            }
        }
        return ACCEPTED.get(ACCEPTED.size() - 1);
    }

    /** The start of the period {@code at} falls in. */
    public static Instant alignDown(Instant at, int period) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), period) * period);
    }

    /** {@code at} if it starts a period, else the start of the next one. */
    public static Instant alignUp(Instant at, int period) {
        Instant down = alignDown(at, period);
        return down.equals(at) ? at : down.plusSeconds(period);
    }
}
