package io.aurorakit.lab;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Polls for a condition instead of sleeping for a guessed time: the one waiting helper of the lab, the drill's tests
 * and the scenario suite. Polls every 50 ms until the condition holds or the timeout passes.
 *
 * <pre>{@code
 * long left = Await.value(Duration.ofSeconds(10), () -> backends(lab, app), n -> n == 0);
 * assertThat(left).isZero();
 * assertThat(Await.until(Duration.ofSeconds(5), () -> !thread.isAlive())).isTrue();
 * }</pre>
 */
public final class Await {

    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /** A condition that may throw while it is checked. */
    @FunctionalInterface
    public interface Condition {
        /** Whether the awaited state is reached. */
        boolean holds() throws Exception;
    }

    /**
     * Waits until {@code condition} holds or {@code timeout} passes.
     *
     * @return whether it held (callers assert on it, with their own message)
     */
    public static boolean until(Duration timeout, Condition condition) throws InterruptedException {
        return value(timeout, condition::holds, Boolean::booleanValue);
    }

    /**
     * Probes until {@code done} accepts the value or {@code timeout} passes, and returns the last value probed (so the
     * caller's assertion shows what it was). A probe that throws is treated as not done and tried again; on the last
     * try its exception propagates.
     */
    public static <T> T value(Duration timeout, Callable<T> probe, Predicate<? super T> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean last = System.nanoTime() >= deadline;
            T value;
            try {
                value = probe.call();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (last) {
                    throw new IllegalStateException("probe failed after " + timeout + ": " + e.getMessage(), e);
                }
                Thread.sleep(POLL_MILLIS);
                continue;
            }
            if (done.test(value) || last) {
                return value;
            }
            Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }
}
