package io.aurorakit;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.aurorakit.internal.FailoverRetry;
import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.FailoverListener;
import io.aurorakit.retry.FailureKind;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Where {@code read()}/{@code readAutoCommit()} run, for a data source with a reader pool.
 * <ul>
 *   <li>On the reader pool, except while it is bypassed: when the pool was named after the cluster endpoint (not given
 *       by the application) and an attempt on it fails for want of a reader (a connection failure, not an SQL error),
 *       reads run for {@code bypass} ({@code failoverTimeout}: the time the wrapper allows itself to find a reader) on
 *       a writer pool connection moved to a reader with {@code setReadOnly(true)} - the
 *       wrapper's read/write splitting, which falls back to the writer when no reader answers - so reads go on, at the
 *       writer's speed, while every reader is down, and pay the reader pool's failed attempt once per period.</li>
 *   <li>After a failover (a unit of work saw 08S02 or 08007) the reader pool's connections are replaced as they come
 *       back (HikariCP soft eviction): a connection that stayed on an instance that is now the writer, or that the
 *       wrapper moved to the writer while no reader answered, must not keep serving reads there.</li>
 * </ul>
 */
final class ReaderRoute implements FailoverListener {

    private final HikariDataSource readerPool;
    private final boolean derived;
    private final long bypassNanos;
    private final LongSupplier nanoTime;
    private volatile long bypassedSince;
    private volatile boolean bypassed;

    ReaderRoute(HikariDataSource readerPool, boolean derived, Duration bypass, LongSupplier nanoTime) {
        this.readerPool = readerPool;
        this.derived = derived;
        this.bypassNanos = bypass.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Whether the next read attempt runs on the reader pool. */
    boolean readerPool() {
        if (bypassed && nanoTime.getAsLong() - bypassedSince >= bypassNanos) {
            bypassed = false;
        }
        return !bypassed;
    }

    /** A read attempt on the reader pool failed with {@code failure}. */
    void failed(Throwable failure) {
        if (derived && FailoverRetry.classify(failure) != FailureKind.NOT_RETRYABLE) {
            bypassedSince = nanoTime.getAsLong();
            bypassed = true;
        }
    }

    @Override
    public void onEvent(FailoverEvent event) {
        if (event.kind() == FailureKind.CONNECTION_CHANGED || event.kind() == FailureKind.OUTCOME_UNKNOWN) {
            HikariPoolMXBean pool = readerPool.getHikariPoolMXBean();
            if (pool != null) {
                pool.softEvictConnections();
            }
        }
    }
}
