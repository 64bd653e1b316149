package io.aurorakit.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@link RetryClock} whose time moves only when a test or a wait moves it; records every wait. */
final class FakeRetryClock implements RetryClock {
    private long nanos;
    private double random = 0.5;
    private boolean interruptNextSleep;
    final List<Long> sleeps = new ArrayList<>();

    void advanceMillis(long millis) {
        nanos += millis * 1_000_000L;
    }

    void random(double value) {
        random = value;
    }

    void interruptNextSleep() {
        interruptNextSleep = true;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant instant() {
        return Instant.EPOCH.plusNanos(nanos);
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
        if (interruptNextSleep) {
            interruptNextSleep = false;
            throw new InterruptedException("test interrupt");
        }
        sleeps.add(millis);
        advanceMillis(millis);
    }

    @Override
    public double random() {
        return random;
    }
}
