package io.aurorakit.measure;

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
 * Watches the AWS wrapper's java.util.logging output for the moments an application cannot see directly: enhanced
 * failure monitoring declaring a host dead ({@value #HOST_DEAD}, FINE) and a failover starting
 * ({@value #FAILOVER_STARTED}, INFO) - the wrapper's own detection, which comes before the first error the application
 * sees (failover2 holds the failing call until it has a new connection). Only records; prints nothing; close it to
 * detach. Used by the drill, the failover suite and the failover-timing harness.
 *
 * <pre>{@code
 * try (WrapperLogProbe log = WrapperLogProbe.attach()) {
 *     lab.isolate(writer);
 *     Instant dead = log.await(WrapperLogProbe.HOST_DEAD, Duration.ofSeconds(15)).orElseThrow();
 * }
 * }</pre>
 */
public final class WrapperLogProbe extends Handler implements AutoCloseable {

    /** efm2 declared the monitored host dead after {@code failureDetectionCount} failed probes. */
    public static final String HOST_DEAD = "is *dead*";
    /** failover2 started the writer failover procedure. */
    public static final String WRITER_FAILOVER = "Starting writer failover procedure";
    /** failover2 started the reader failover procedure (a reader connection failed). */
    public static final String READER_FAILOVER = "Starting reader failover procedure";
    /** failover (v1 or v2) started a writer or reader failover procedure. */
    public static final String FAILOVER_STARTED = "failover procedure";

    private static final String ROOT = "software.amazon.jdbc";
    private static final String EFM = "software.amazon.jdbc.plugin.efm.v2";

    /** Strong references: java.util.logging keeps loggers only weakly. */
    private final Logger root = Logger.getLogger(ROOT);
    private final Logger efm = Logger.getLogger(EFM);
    private final Level rootLevel;
    private final Level efmLevel;
    private final List<Entry> entries = new ArrayList<>();

    private record Entry(Instant at, long nanos, String message) {
    }

    private WrapperLogProbe() {
        rootLevel = root.getLevel();
        efmLevel = efm.getLevel();
        setLevel(Level.ALL);
    }

    /**
     * Starts recording. The wrapper's loggers are opened to INFO (failover) and FINE (efm2 host state) while attached;
     * what other handlers print is up to their own levels.
     */
    public static WrapperLogProbe attach() {
        WrapperLogProbe probe = new WrapperLogProbe();
        if (probe.rootLevel != null && probe.rootLevel.intValue() > Level.INFO.intValue()) {
            probe.root.setLevel(Level.INFO);
        }
        if (probe.efmLevel == null || probe.efmLevel.intValue() > Level.FINE.intValue()) {
            probe.efm.setLevel(Level.FINE); // never quieter than a level someone configured (e.g. FINEST)
        }
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
            entries.add(new Entry(record.getInstant(), System.nanoTime(), message));
            entries.notifyAll();
        }
    }

    /** When the first message containing {@code text} was logged, if it was. */
    public Optional<Instant> first(String text) {
        synchronized (entries) {
            return entries.stream().filter(e -> e.message().contains(text)).map(Entry::at).findFirst();
        }
    }

    /** Nanoseconds from {@code fromNanos} (a {@link System#nanoTime()}) to the first such message after it; -1 if none. */
    public long firstAfter(String text, long fromNanos) {
        synchronized (entries) {
            return entries.stream().filter(e -> e.nanos() >= fromNanos && e.message().contains(text))
                    .mapToLong(e -> e.nanos() - fromNanos).min().orElse(-1);
        }
    }

    /** A message the wrapper logged and the {@link System#nanoTime()} it was recorded at. */
    public record Message(long nanos, String text) {
    }

    /** Every message recorded at or after {@code fromNanos}, oldest first. */
    public List<Message> messagesSince(long fromNanos) {
        synchronized (entries) {
            return entries.stream().filter(e -> e.nanos() >= fromNanos).map(e -> new Message(e.nanos(), e.message()))
                    .toList();
        }
    }

    /** Waits up to {@code timeout} for a message containing {@code text}. */
    public Optional<Instant> await(String text, Duration timeout) throws InterruptedException {
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

    /** Detaches and restores the wrapper loggers' levels. */
    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(rootLevel);
        efm.setLevel(efmLevel);
    }
}
