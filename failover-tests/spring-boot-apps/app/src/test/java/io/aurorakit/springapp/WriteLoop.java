package io.aurorakit.springapp;

import io.aurorakit.spring.OutcomeUnknownDataAccessException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A steady write loop on its own thread: each round writes one new key and records whether it was acknowledged,
 * ended as outcome unknown (it may or may not exist), or failed otherwise.
 */
final class WriteLoop implements AutoCloseable {

    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Set<String> outcomeUnknown = ConcurrentHashMap.newKeySet();
    final List<RuntimeException> otherFailures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    WriteLoop(String prefix, Consumer<String> write) {
        thread = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                String key = prefix + "-" + i;
                try {
                    write.accept(key);
                    acknowledged.add(key);
                } catch (OutcomeUnknownDataAccessException e) {
                    outcomeUnknown.add(key);
                } catch (RuntimeException e) {
                    otherFailures.add(e);
                }
            }
        }, "write-loop-" + prefix);
        thread.start();
    }

    /** Each failure with its causes, one line each, for assertion messages. */
    static String describe(List<RuntimeException> failures) {
        StringBuilder b = new StringBuilder();
        for (Throwable f : failures) {
            b.append('\n');
            for (Throwable c = f; c != null; c = c.getCause() == c ? null : c.getCause()) {
                b.append(c == f ? "" : " <- ").append(c);
            }
        }
        return b.toString();
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(120_000);
    }
}
