package io.aurorakit.failover;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.retry.OutcomeUnknownException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writer and reader threads that hammer an {@link AuroraDataSource} until closed: writers insert rows with
 * client-generated keys through non-idempotent {@code write()}, readers run {@code read()}. It remembers every
 * acknowledged key, every key whose outcome was reported unknown, and per thread the times of its successes, from
 * which {@link #longestGaps()} gives each thread's outage (longest window without a success).
 *
 * <pre>{@code
 * try (ContinuousLoad load = ContinuousLoad.start(ds, "t", 2, 2)) { lab.failover(); }
 * }</pre>
 */
final class ContinuousLoad implements AutoCloseable {

    private final AuroraDataSource ds;
    private final String table;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, List<Long>> successNanos = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> unknownOutcome = ConcurrentHashMap.newKeySet();
    private final AtomicLong failures = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private volatile boolean running = true;
    private volatile long endNanos;

    private ContinuousLoad(AuroraDataSource ds, String table) {
        this.ds = ds;
        this.table = table;
    }

    static ContinuousLoad start(AuroraDataSource ds, String table, int writers, int readers) {
        ContinuousLoad load = new ContinuousLoad(ds, table);
        for (int i = 0; i < writers; i++) {
            String name = "writer-" + i;
            load.add(name, () -> load.writeLoop(name));
        }
        for (int i = 0; i < readers; i++) {
            String name = "reader-" + i;
            load.add(name, () -> load.readLoop(name));
        }
        load.threads.forEach(Thread::start);
        return load;
    }

    private void add(String name, Runnable body) {
        successNanos.put(name, Collections.synchronizedList(new ArrayList<>()));
        Thread t = new Thread(body, "suite-load-" + name);
        t.setDaemon(true);
        threads.add(t);
    }

    private void writeLoop(String name) {
        for (long seq = 0; running; seq++) {
            String key = name + "-" + seq;
            try {
                ds.write(LabSql.insert(table, key));
                acknowledged.add(key);
                successNanos.get(name).add(System.nanoTime());
            } catch (OutcomeUnknownException e) {
                unknownOutcome.add(key);
                failures.incrementAndGet();
            } catch (SQLException | RuntimeException e) {
                failures.incrementAndGet();
            }
            pause();
        }
    }

    private void readLoop(String name) {
        while (running) {
            try {
                ds.read(LabSql.INSTANCE_ID);
                successNanos.get(name).add(System.nanoTime());
            } catch (SQLException | RuntimeException e) {
                failures.incrementAndGet();
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    Set<String> unknownOutcome() {
        return Set.copyOf(unknownOutcome);
    }

    long failures() {
        return failures.get();
    }

    /** Per thread: the longest window (ms) with no success, counting from the start and up to the stop. */
    Map<String, Long> longestGaps() {
        Map<String, Long> gaps = new LinkedHashMap<>();
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        successNanos.forEach((name, times) -> {
            long previous = startNanos;
            long longest = 0;
            synchronized (times) {
                for (long t : times) {
                    longest = Math.max(longest, t - previous);
                    previous = t;
                }
            }
            longest = Math.max(longest, end - previous);
            gaps.put(name, longest / 1_000_000);
        });
        return new java.util.TreeMap<>(gaps);
    }

    /** Per thread: successes after {@code nanos}. */
    Map<String, Long> successesAfter(long nanos) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        successNanos.forEach((name, times) -> {
            synchronized (times) {
                counts.put(name, times.stream().filter(t -> t > nanos).count());
            }
        });
        return counts;
    }

    /** Stops the threads and waits for their current operation. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(60_000);
        }
        endNanos = System.nanoTime();
    }
}
