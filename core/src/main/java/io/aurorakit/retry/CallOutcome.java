package io.aurorakit.retry;

import java.util.Locale;

/**
 * How one call of {@code write}/{@code writeIdempotent}/{@code read} (or of another unit of work run with the data
 * source's retries) ended, in resilience4j's vocabulary: with or without a re-run, successfully or not. The metrics tag
 * is {@link #tag()}.
 *
 * <pre>{@code
 * long recovered = ds.stats().calls(CallOutcome.SUCCESSFUL_WITH_RETRY);
 * }</pre>
 */
public enum CallOutcome {
    /** The first attempt succeeded. */
    SUCCESSFUL_WITHOUT_RETRY,
    /** An attempt after a failover (or an unavailable cluster) succeeded. */
    SUCCESSFUL_WITH_RETRY,
    /** The first attempt failed and was not run again (a SQL error, or 08007 for work that is not idempotent). */
    FAILED_WITHOUT_RETRY,
    /** The work was run again at least once and still failed (retries exhausted, or a later attempt failed). */
    FAILED_WITH_RETRY;

    /** The name as a metrics tag value: {@code successful_without_retry}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome of a call that made {@code attempts} attempts. */
    public static CallOutcome of(boolean successful, int attempts) {
        if (successful) {
            return attempts > 1 ? SUCCESSFUL_WITH_RETRY : SUCCESSFUL_WITHOUT_RETRY;
        }
        return attempts > 1 ? FAILED_WITH_RETRY : FAILED_WITHOUT_RETRY;
    }
}
