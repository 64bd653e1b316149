package io.aurorakit.lab.toxiproxy;

import java.io.IOException;

/** {@code slow_close} {delay} (ms): data passes; the close after the source's end of stream is delayed. */
final class SlowCloseToxic extends LinkToxic {
    SlowCloseToxic(ToxicSpec spec) {
        super(spec);
    }

    @Override
    void onChunk(Chunk chunk, Stage next) throws IOException {
        next.accept(chunk);
    }

    @Override
    void onEof(Stage next) throws IOException {
        long start = System.nanoTime();
        while (isActive() && !next.sleepUntil(start + millisToNanos(spec().attribute("delay")))) {
            // toxics changed: re-read the delay
        }
        next.eof();
    }
}
