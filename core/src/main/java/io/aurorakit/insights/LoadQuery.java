package io.aurorakit.insights;

import java.time.Instant;
import java.util.Objects;

/**
 * One validated {@link DbLoadSource} question: a window aligned to its period the way PI aligns it (start down, end
 * up) and a key limit. Both sources check their arguments here, with the same messages.
 */
record LoadQuery(DimensionGroup group, Instant start, Instant end, int periodSeconds, int limit) {

    static final int MAX_KEYS = 25;

    static LoadQuery of(DimensionGroup group, Instant start, Instant end, int periodSeconds, int limit) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("the window's start (" + start + ") must be before its end (" + end
                    + ")");
        }
        if (!Periods.accepted(periodSeconds)) {
            throw new IllegalArgumentException("periodSeconds must be one of 1, 60, 300, 3600, 86400 (as PI "
                    + "accepts), not " + periodSeconds);
        }
        if (limit < 1 || limit > MAX_KEYS) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_KEYS + " (as PI accepts), not " + limit);
        }
        return new LoadQuery(group, Periods.alignDown(start, periodSeconds), Periods.alignUp(end, periodSeconds),
                periodSeconds, limit);
    }

    int periods() {
        return (int) ((end.getEpochSecond() - start.getEpochSecond()) / periodSeconds);
    }

    Instant periodStart(int index) {
        return start.plusSeconds((long) index * periodSeconds);
    }

    /** The period {@code at} falls in, or -1 outside the window. */
    int periodOf(Instant at) {
        if (at.isBefore(start) || !at.isBefore(end)) {
            return -1;
        }
        return (int) ((at.getEpochSecond() - start.getEpochSecond()) / periodSeconds);
    }
}
