package io.aurorakit.retry;

/**
 * A snapshot of the failover and retry counters of one {@code AuroraDataSource}.
 *
 * <pre>{@code
 * FailoverStats s = ds.stats();
 * System.out.println(s.failovers() + " failovers, " + s.retries() + " retries");
 * }</pre>
 */
public interface FailoverStats {

    /** Connection changes (08S02, or a connection failure before COMMIT) seen. */
    long failovers();

    /** 08007 (transaction outcome unknown) seen, re-run or not. */
    long outcomeUnknown();

    /** Times work was run again. */
    long retries();

    /** Attempts started in total (first runs and re-runs). */
    long attempts();

    /** Units of work given up with {@link RetriesExhaustedException}. */
    long exhausted();
}
