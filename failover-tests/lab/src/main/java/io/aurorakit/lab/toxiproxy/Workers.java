package io.aurorakit.lab.toxiproxy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and tracks every thread of one server: daemon threads named {@code toxiproxy-...}, so {@code close()} can
 * wait until none is left.
 */
final class Workers {
    private static final Logger LOG = LoggerFactory.getLogger(Workers.class);
    /** Link threads copy bytes with a heap buffer and shallow stacks; a small stack keeps 1000s of them cheap. */
    private static final long STACK_SIZE = 256 * 1024;

    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger apiThreadCount = new AtomicInteger();

    /** Creates (does not start) a tracked daemon thread; {@code name} must start with {@code toxiproxy-}. */
    Thread newThread(String name, Runnable task) {
        Thread thread = new Thread(null, () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("{} failed", Thread.currentThread().getName(), e);
            } finally {
                live.remove(Thread.currentThread());
            }
        }, name, STACK_SIZE);
        thread.setDaemon(true);
        live.add(thread);
        return thread;
    }

    Thread start(String name, Runnable task) {
        Thread thread = newThread(name, task);
        try {
            thread.start();
        } catch (Error e) {
            live.remove(thread);
            throw e;
        }
        return thread;
    }

    /** A thread factory for the HTTP API's executor. */
    Thread newApiThread(Runnable task) {
        return newThread("toxiproxy-api-" + apiThreadCount.incrementAndGet(), task);
    }

    /** Waits until every tracked thread has ended; returns false if some are still alive after the timeout. */
    boolean joinAll(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread thread : Set.copyOf(live)) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remaining <= 0) {
                break;
            }
            if (thread != Thread.currentThread()) {
                try {
                    thread.join(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        live.remove(Thread.currentThread());
        return live.isEmpty();
    }

    int liveCount() {
        return live.size();
    }
}
