package io.aurorakit.failover;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.lab.AuroraLab;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idempotent work whose first run holds a 60 s statement on the writer - the victim of a black hole - and whose
 * re-run returns at once with the instance it ran on.
 *
 * <pre>{@code
 * LongQuery q = LongQuery.start(ds);
 * q.awaitOnTheWire(lab, writer);
 * lab.isolate(writer);
 * String landedOn = q.result().get(60, TimeUnit.SECONDS);
 * }</pre>
 */
final class LongQuery {

    private final AtomicInteger runs = new AtomicInteger();
    private final CountDownLatch inFlight = new CountDownLatch(1);
    private final CompletableFuture<String> result;

    private LongQuery(AuroraDataSource ds) {
        result = CompletableFuture.supplyAsync(() -> {
            try {
                return ds.writeIdempotent(c -> {
                    if (runs.incrementAndGet() == 1) {
                        inFlight.countDown();
                        try (Statement s = c.createStatement()) {
                            s.execute("SELECT pg_catalog.pg_sleep(60)");
                        }
                    }
                    return LabQueries.instanceId(c);
                });
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Starts the work on a pool thread. */
    static LongQuery start(AuroraDataSource ds) {
        return new LongQuery(ds);
    }

    /** Waits until the first run's long statement runs on the instance {@code id} ({@code pg_stat_activity}). */
    void awaitOnTheWire(AuroraLab lab, String id) throws InterruptedException {
        if (!inFlight.await(20, TimeUnit.SECONDS) || !lab.awaitActiveStatement(id, "pg_sleep(60)",
                Duration.ofSeconds(10))) {
            throw new AssertionError("the long query did not start on " + id + " within 30 s");
        }
    }

    /** How often the work ran. */
    int runs() {
        return runs.get();
    }

    /** The instance the work finally ran on. */
    CompletableFuture<String> result() {
        return result;
    }
}
