package io.aurorakit.retry;

/**
 * A snapshot of the failover and retry counters of one {@code AuroraDataSource} (or one {@link FailoverRetry}).
 *
 * <pre>{@code
 * FailoverStats s = ds.stats();
 * System.out.println(s.failovers() + " failovers, " + s.retries() + " retries");
 * }</pre>
 */
public final class FailoverStats {

    private final long failovers;
    private final long outcomeUnknown;
    private final long retries;
    private final long attempts;
    private final long exhausted;

    /** Creates a snapshot. */
    public FailoverStats(long failovers, long outcomeUnknown, long retries, long attempts, long exhausted) {
        this.failovers = failovers;
        this.outcomeUnknown = outcomeUnknown;
        this.retries = retries;
        this.attempts = attempts;
        this.exhausted = exhausted;
    }

    /** 08S02 (connection changed by a failover) seen. */
    public long failovers() {
        return failovers;
    }

    /** 08007 (transaction outcome unknown) seen, re-run or not. */
    public long outcomeUnknown() {
        return outcomeUnknown;
    }

    /** Times work was run again. */
    public long retries() {
        return retries;
    }

    /** Attempts started in total (first runs and re-runs). */
    public long attempts() {
        return attempts;
    }

    /** Units of work given up with {@link RetriesExhaustedException}. */
    public long exhausted() {
        return exhausted;
    }

    @Override
    public String toString() {
        return "FailoverStats{failovers=" + failovers + ", outcomeUnknown=" + outcomeUnknown + ", retries=" + retries
                + ", attempts=" + attempts + ", exhausted=" + exhausted + "}";
    }
}
