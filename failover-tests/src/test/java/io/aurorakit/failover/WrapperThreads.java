package io.aurorakit.failover;

import java.time.Duration;
import java.util.List;

/**
 * The AWS wrapper's background threads ({@code AWS Advanced JDBC Wrapper <name>-N}: topology monitors, failure
 * detection, connection tracking), for leak checks after {@code AuroraDataSource.close()}.
 *
 * <pre>{@code
 * assertThat(WrapperThreads.awaitNone(Duration.ofSeconds(5))).isEmpty();
 * }</pre>
 */
final class WrapperThreads {

    static final String PREFIX = "AWS Advanced JDBC Wrapper";

    private WrapperThreads() {
    }

    /** Names of the wrapper threads alive now. */
    static List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(PREFIX))
                .sorted()
                .toList();
    }

    /** Waits until no wrapper thread is alive or the timeout passes; returns those still alive. */
    static List<String> awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> left = alive();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = alive();
        }
        return left;
    }
}
