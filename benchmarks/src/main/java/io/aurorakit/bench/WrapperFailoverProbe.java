package io.aurorakit.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Notes when the AWS wrapper starts a failover (its failover plugins log "Starting writer/reader failover procedure"
 * at INFO through java.util.logging): the moment the client library itself detected the failure, which can be
 * earlier than the first error the application sees (failover2 holds the failing call until it has a new writer).
 */
final class WrapperFailoverProbe extends Handler implements AutoCloseable {

    /** Parent logger of the wrapper's failover, failover2 and efm plugins. */
    static final String PLUGIN_LOGGER = "software.amazon.jdbc.plugin";
    private static final Pattern FAILOVER_STARTED = Pattern.compile("(?i)starting .*failover");

    private final Logger logger = Logger.getLogger(PLUGIN_LOGGER);
    private final List<Long> starts = new ArrayList<>();

    private WrapperFailoverProbe() {
        setLevel(Level.ALL);
    }

    static WrapperFailoverProbe install() {
        WrapperFailoverProbe probe = new WrapperFailoverProbe();
        probe.logger.addHandler(probe);
        return probe;
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (message != null && FAILOVER_STARTED.matcher(message).find()) {
            synchronized (starts) {
                starts.add(System.nanoTime());
            }
        }
    }

    /** Nanoseconds from {@code fromNanos} to the first failover start after it; -1 if none. */
    long firstAfter(long fromNanos) {
        synchronized (starts) {
            return starts.stream().filter(t -> t >= fromNanos).mapToLong(t -> t - fromNanos).min().orElse(-1);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
