package io.aurorakit.internal;

import io.aurorakit.retry.CallOutcome;
import io.aurorakit.retry.FailoverEvent;
import io.aurorakit.retry.FailoverListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one data source: the one given to its builder and those added later (metrics). Each is called in
 * turn; one that throws is logged and skipped, so it cannot break the retry or starve the others.
 */
final class ListenerGroup implements FailoverListener {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverRetry.class);

    private final List<FailoverListener> listeners = new CopyOnWriteArrayList<>();

    ListenerGroup(FailoverListener first) {
        listeners.add(first);
    }

    void add(FailoverListener listener) {
        listeners.add(listener);
    }

    @Override
    public void onEvent(FailoverEvent event) {
        for (FailoverListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException listenerFailure) {
                LOG.warn("FailoverListener {} threw on {}; ignored", l.getClass().getName(), event, listenerFailure);
            }
        }
    }

    void callEnded(CallOutcome outcome, int attempts, Duration duration) {
        for (FailoverListener l : listeners) {
            try {
                l.onCallEnded(outcome, attempts, duration);
            } catch (RuntimeException listenerFailure) {
                LOG.warn("FailoverListener {} threw on the end of a call ({}); ignored", l.getClass().getName(),
                        outcome, listenerFailure);
            }
        }
    }
}
