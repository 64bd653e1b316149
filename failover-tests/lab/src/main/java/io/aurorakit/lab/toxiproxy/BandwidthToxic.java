package io.aurorakit.lab.toxiproxy;

import java.io.IOException;

/**
 * {@code bandwidth} {rate} (KB/s, KB = 1000 bytes): paces data to the rate, in slices of at most 100 ms. A rate of 0
 * stalls the stream (data is held, the connection stays open) until the toxic changes or is removed; held data is
 * then released, never dropped.
 */
final class BandwidthToxic extends LinkToxic {
    private long nextSendNanos;

    BandwidthToxic(ToxicSpec spec) {
        super(spec);
    }

    @Override
    void onChunk(Chunk chunk, Stage next) throws IOException {
        int sent = 0;
        while (sent < chunk.length) {
            int rest = chunk.length - sent;
            if (!isActive()) {
                next.accept(chunk.slice(sent, rest));
                return;
            }
            long rate = spec().attribute("rate");
            if (rate <= 0) {
                next.sleepUntil(Long.MAX_VALUE);
                continue;
            }
            int slice = rate >= Integer.MAX_VALUE / 100 ? rest : (int) Math.min(rest, rate * 100);
            long costNanos = slice * 1_000_000L / rate;
            long now = System.nanoTime();
            if (nextSendNanos - now < 0) {
                nextSendNanos = now;
            }
            nextSendNanos += costNanos;
            next.sleepUntil(nextSendNanos);
            next.accept(chunk.slice(sent, slice));
            sent += slice;
        }
    }
}
