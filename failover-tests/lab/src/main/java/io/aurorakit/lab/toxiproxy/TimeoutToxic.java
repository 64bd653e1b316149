package io.aurorakit.lab.toxiproxy;

import java.io.IOException;

/**
 * {@code timeout} {timeout} (ms): a black hole. Data is read and dropped (the sender's writes succeed). With timeout 0
 * the connection is held forever; otherwise it is closed after that long without data. Removing the toxic closes
 * the connection, because its stream is now corrupt (Toxiproxy does the same).
 */
final class TimeoutToxic extends LinkToxic {
    private volatile long closeDeadlineNanos;

    TimeoutToxic(ToxicSpec spec) {
        super(spec);
        restartTimer();
    }

    private void restartTimer() {
        long timeout = spec().attribute("timeout");
        closeDeadlineNanos = timeout > 0 ? System.nanoTime() + millisToNanos(timeout) : Long.MAX_VALUE;
    }

    @Override
    void onUpdate() {
        restartTimer();
    }

    @Override
    void onChunk(Chunk chunk, Stage next) {
        restartTimer();
    }

    @Override
    void onEof(Stage next) throws IOException {
        throw next.closeConnection();
    }

    @Override
    long closeDeadlineNanos() {
        return isActive() ? closeDeadlineNanos : Long.MAX_VALUE;
    }

    @Override
    boolean closesConnectionWhenRemoved() {
        return true;
    }
}
