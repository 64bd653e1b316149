package io.aurorakit.lab.toxiproxy;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code slicer} {average_size, size_variation, delay}: splits each chunk into pieces of average_size +-
 * size_variation bytes with {@code delay} microseconds between them.
 */
final class SlicerToxic extends LinkToxic {
    SlicerToxic(ToxicSpec spec) {
        super(spec);
    }

    @Override
    void onChunk(Chunk chunk, Stage next) throws IOException {
        ToxicSpec spec = spec();
        long average = spec.attribute("average_size");
        long variation = Math.max(0, spec.attribute("size_variation"));
        long delayNanos = Math.max(0, Math.min(spec.attribute("delay"), Long.MAX_VALUE / 4_000L)) * 1_000L;
        if (average <= 0) {
            next.accept(chunk);
            return;
        }
        int offset = 0;
        while (offset < chunk.length) {
            long size = average;
            if (variation > 0) {
                size += ThreadLocalRandom.current().nextLong(-variation, variation + 1);
            }
            int piece = (int) Math.max(1, Math.min(size, chunk.length - offset));
            next.accept(chunk.slice(offset, piece));
            offset += piece;
            if (offset < chunk.length && delayNanos > 0) {
                next.sleepUntil(System.nanoTime() + delayNanos);
            }
        }
    }
}
