package io.aurorakit.retry;

import java.time.Instant;
import java.util.Optional;

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

    /** Units of work that ended with {@code outcome}. */
    long calls(CallOutcome outcome);

    /**
     * Units of work running right now that have failed at least once because of a failover or an unavailable cluster
     * and are waiting for, or running, another attempt: the failover is still in progress as the application sees it.
     */
    long retryingNow();

    /** When a failover-related failure ({@link FailoverEvent}) was last seen, if ever. */
    Optional<Instant> lastEvent();
}
