package io.aurorakit.lab.toxiproxy;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The runtime state of one toxic on one link. Whether it acts is rolled against its toxicity when it joins the link
 * and on every update, like Toxiproxy ("fraction of connections", not of packets).
 */
abstract class LinkToxic {
    private volatile ToxicSpec spec;
    private volatile boolean rolledActive;
    private volatile boolean removed;

    LinkToxic(ToxicSpec spec) {
        this.spec = spec;
        this.rolledActive = roll(spec.toxicity());
    }

    private static boolean roll(float toxicity) {
        return toxicity >= 1f || ThreadLocalRandom.current().nextFloat() < toxicity;
    }

    final ToxicSpec spec() {
        return spec;
    }

    final void update(ToxicSpec newSpec) {
        this.spec = newSpec;
        this.rolledActive = roll(newSpec.toxicity());
        onUpdate();
    }

    final void remove() {
        removed = true;
    }

    final boolean isActive() {
        return rolledActive && !removed;
    }

    /** Called after the configuration changed on a live link. */
    void onUpdate() {
    }

    /** Handles one chunk; passes what should go on to {@code next}. Runs on the link's toxic thread. */
    abstract void onChunk(Chunk chunk, Stage next) throws IOException;

    /** Handles the source's end of stream; the default passes it on (the end of the chain closes the connection). */
    void onEof(Stage next) throws IOException {
        next.eof();
    }

    /** When this toxic wants the connection closed even without data ({@code timeout}), else Long.MAX_VALUE. */
    long closeDeadlineNanos() {
        return Long.MAX_VALUE;
    }

    /** Whether removing this toxic must close the connection (Toxiproxy does this for {@code timeout}). */
    boolean closesConnectionWhenRemoved() {
        return false;
    }

    static long millisToNanos(long millis) {
        return Math.max(0, Math.min(millis, Long.MAX_VALUE / 4_000_000L)) * 1_000_000L;
    }
}
