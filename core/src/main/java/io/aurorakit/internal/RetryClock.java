package io.aurorakit.internal;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where {@link FailoverRetry} gets time, waits and randomness from: the system by default, a test's own in tests, so
 * that budgets, backoffs and interrupts are checked without real waiting.
 */
interface RetryClock {

    /** The system clock, {@link Thread#sleep} and {@link ThreadLocalRandom}. */
    RetryClock SYSTEM = new RetryClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }

        @Override
        public double random() {
            return ThreadLocalRandom.current().nextDouble();
        }
    };

    /** A monotonic time in nanoseconds, for elapsed time. */
    long nanoTime();

    /** The wall-clock time of events. */
    Instant instant();

    /** Waits {@code millis} milliseconds. */
    void sleep(long millis) throws InterruptedException;

    /** A draw from [0, 1) for the backoff jitter. */
    double random();
}
