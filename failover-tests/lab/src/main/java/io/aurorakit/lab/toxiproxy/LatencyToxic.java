package io.aurorakit.lab.toxiproxy;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code latency} {latency, jitter} (ms): holds each chunk until the time it was read plus latency plus a uniform
 * jitter in [-jitter, +jitter). Reading goes on meanwhile, so latency does not accumulate over a stream.
 */
final class LatencyToxic extends LinkToxic {
    LatencyToxic(ToxicSpec spec) {
        super(spec);
    }

    @Override
    void onChunk(Chunk chunk, Stage next) throws IOException {
        double unit = ThreadLocalRandom.current().nextDouble() * 2 - 1;
        while (isActive()) {
            ToxicSpec spec = spec();
            long jitter = spec.attribute("jitter");
            long delayMillis = spec.attribute("latency") + Math.round(unit * jitter);
            long target = chunk.timestampNanos + millisToNanos(delayMillis);
            if (next.sleepUntil(target)) {
                break;
            }
        }
        chunk.timestampNanos = System.nanoTime();
        next.accept(chunk);
    }
}
