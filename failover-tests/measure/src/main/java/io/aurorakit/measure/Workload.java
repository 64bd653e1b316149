package io.aurorakit.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one paced workload of the drill, the scenario suite and the failover-timing harness: writer threads write rows
 * with unique client-side keys, reader threads read, each at a fixed rate, through a {@link LoadClient}; every outcome
 * goes to a {@link Listener} (usually an {@link OperationLog}). A thread that fell behind (an outage) starts afresh
 * instead of bursting.
 *
 * <pre>{@code
 * OperationLog log = new OperationLog();
 * try (Workload load = Workload.start(LoadClient.auroraKit(ds, "orders"), log, new Workload.Settings("drill", 2, 2, 20))) {
 *     lab.crashWriter();
 * }
 * }</pre>
 */
public final class Workload implements AutoCloseable {

    /**
     * Receives every operation's outcome, on the workload's threads. Times are {@link System#nanoTime()} values; an
     * operation ends when the listener is called.
     */
    public interface Listener {
        /** The write of {@code key} was acknowledged by {@code instance} (null if the client does not tell). */
        void written(int thread, long startNanos, String key, String instance);

        /** The write of {@code key} failed (an {@code OutcomeUnknownException} included). */
        void writeFailed(int thread, long startNanos, String key, Exception failure);

        /** A read succeeded ({@code failure} null, served by {@code instance}) or failed. */
        void read(int thread, long startNanos, String instance, Exception failure);
    }

    /**
     * How many threads of each kind run, at what rate.
     *
     * @param name          prefix of thread names and write keys, e.g. {@code drill}
     * @param writers       writer threads
     * @param readers       reader threads
     * @param ratePerThread operations per second of each thread
     */
    public record Settings(String name, int writers, int readers, int ratePerThread) {
        /** Validates the counts. */
        public Settings {
            if (writers < 0 || readers < 0 || writers + readers == 0 || ratePerThread < 1) {
                throw new IllegalArgumentException("workload " + name + ": writers=" + writers + ", readers=" + readers
                        + ", ratePerThread=" + ratePerThread + " is invalid; expected at least one thread and a rate"
                        + " of at least 1 per second");
            }
        }
    }

    private final LoadClient client;
    private final Listener listener;
    private final String name;
    private final long periodNanos;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private Workload(LoadClient client, Listener listener, Settings settings) {
        this.client = client;
        this.listener = listener;
        this.name = settings.name();
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / settings.ratePerThread();
        for (int i = 0; i < settings.writers(); i++) {
            int thread = i;
            threads.add(daemon(name + "-writer-" + i, () -> writeLoop(thread)));
        }
        for (int i = 0; i < settings.readers(); i++) {
            int thread = i;
            threads.add(daemon(name + "-reader-" + i, () -> readLoop(thread)));
        }
    }

    /** Starts the threads. */
    public static Workload start(LoadClient client, Listener listener, Settings settings) {
        Workload workload = new Workload(client, listener, settings);
        workload.threads.forEach(Thread::start);
        return workload;
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private void writeLoop(int thread) {
        long next = System.nanoTime();
        for (long seq = 0; running; seq++) {
            String key = name + "-w" + thread + "-" + seq;
            long start = System.nanoTime();
            try {
                listener.written(thread, start, key, client.write(key));
            } catch (Exception e) {
                listener.writeFailed(thread, start, key, e);
            }
            next = pace(next);
        }
    }

    private void readLoop(int thread) {
        long next = System.nanoTime();
        while (running) {
            long start = System.nanoTime();
            try {
                listener.read(thread, start, client.read(), null);
            } catch (Exception e) {
                listener.read(thread, start, null, e);
            }
            next = pace(next);
        }
    }

    private long pace(long next) {
        long target = next + periodNanos;
        long now = System.nanoTime();
        if (target < now) {
            return now;
        }
        LockSupport.parkNanos(target - now);
        return target;
    }

    /**
     * Stops the threads and waits up to {@code timeout} for each to finish its current operation.
     *
     * @return whether every thread ended
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** The threads still running (after {@link #stop} timed out, e.g. on a black-holed connection). */
    public List<String> aliveThreads() {
        return threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }

    /** Stops the threads, waiting up to 30 s for their current operations. */
    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(30));
    }
}
