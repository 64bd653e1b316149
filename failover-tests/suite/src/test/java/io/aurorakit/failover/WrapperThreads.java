package io.aurorakit.failover;

import io.aurorakit.lab.Await;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The AWS wrapper's monitor threads ({@code AWS Advanced JDBC Wrapper <name>-N}: cluster topology, enhanced failure
 * detection), for leak checks after the last {@code AuroraDataSource.close()}, which stops them. The wrapper's
 * JVM-wide service threads (monitor and storage cleanup, event publisher, connection tracker) are not counted: they
 * live as long as the wrapper's services, which only {@code AuroraDataSource.releaseWrapperResources()} ends - for good.
 * Nor is {@code abort-N}: each efm2 monitor that aborted a connection to a black-holed host made a single-thread
 * "abort" executor that the wrapper (4.3.0, {@code HostMonitorV2Impl.abortExecutor}) never shuts down; the idle daemon
 * thread ends only when the stopped monitor is garbage-collected. Realistic (hard-fence) failovers make efm2 abort.
 *
 * <pre>{@code
 * assertThat(WrapperThreads.awaitNone(Duration.ofSeconds(5))).isEmpty();
 * }</pre>
 */
public final class WrapperThreads {

    static final String PREFIX = "AWS Advanced JDBC Wrapper";
    /** Thread names of the wrapper's JVM-wide services, which outlive any data source. */
    private static final List<String> SERVICES = List.of("msi-", "ssi-", "bep-", "pruneConnection-",
            "invalidateConnection-", "abort-");

    private WrapperThreads() {
    }

    /** Names of the wrapper's monitor threads alive now. */
    public static List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(PREFIX))
                .filter(name -> SERVICES.stream().noneMatch(service -> name.startsWith(PREFIX + " " + service)))
                .sorted()
                .toList();
    }

    /** Waits until no wrapper monitor thread is alive or the timeout passes; returns those still alive. */
    public static List<String> awaitNone(Duration timeout) throws InterruptedException {
        return awaitNone(WrapperThreads::alive, timeout);
    }

    /** Waits until {@code threads} lists none or the timeout passes; returns those still listed. */
    static List<String> awaitNone(Supplier<List<String>> threads, Duration timeout) throws InterruptedException {
        return Await.value(timeout, threads::get, List::isEmpty);
    }
}
