package io.aurorakit.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Watches the AWS wrapper's java.util.logging output for the moments the application cannot see directly: enhanced
 * failure monitoring declaring a host dead ({@value #HOST_DEAD}, FINE) and failover starting ({@value #WRITER_FAILOVER},
 * INFO). Only records; prints nothing. Close it to detach.
 *
 * <pre>{@code
 * try (WrapperLogProbe log = WrapperLogProbe.attach()) {
 *     lab.isolate(writer);
 *     Instant dead = log.await(WrapperLogProbe.HOST_DEAD, Duration.ofSeconds(15)).orElseThrow();
 * }
 * }</pre>
 */
final class WrapperLogProbe extends Handler implements AutoCloseable {

    /** efm2: the monitored host failed {@code failureDetectionCount} probes. */
    static final String HOST_DEAD = "is *dead*";
    /** failover2: the writer failover procedure started. */
    static final String WRITER_FAILOVER = "Starting writer failover procedure";

    private static final String ROOT = "software.amazon.jdbc";
    private static final String EFM = "software.amazon.jdbc.plugin.efm.v2";

    /** Strong references: java.util.logging keeps loggers only weakly. */
    private final Logger root = Logger.getLogger(ROOT);
    private final Logger efm = Logger.getLogger(EFM);
    private final Level efmLevel;
    private final List<Entry> entries = new ArrayList<>();

    private record Entry(Instant at, String message) {
    }

    private WrapperLogProbe() {
        efmLevel = efm.getLevel();
        setLevel(Level.ALL);
    }

    /** Starts recording. */
    static WrapperLogProbe attach() {
        WrapperLogProbe probe = new WrapperLogProbe();
        probe.efm.setLevel(Level.FINE);
        probe.root.addHandler(probe);
        return probe;
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (message == null) {
            return;
        }
        synchronized (entries) {
            entries.add(new Entry(record.getInstant(), message));
            entries.notifyAll();
        }
    }

    /** When the first message containing {@code text} was logged, if it was. */
    Optional<Instant> first(String text) {
        synchronized (entries) {
            return entries.stream().filter(e -> e.message().contains(text)).map(Entry::at).findFirst();
        }
    }

    /** Waits up to {@code timeout} for a message containing {@code text}. */
    Optional<Instant> await(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (entries) {
            Optional<Instant> found = first(text);
            while (found.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                entries.wait(Math.max(1, left / 1_000_000));
                found = first(text);
            }
            return found;
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        efm.setLevel(efmLevel);
    }
}
