package io.aurorakit.lab.toxiproxy;

import java.io.IOException;

/**
 * {@code reset_peer} {timeout} (ms): on the first data (or end of stream) in its direction, drops it, waits
 * {@code timeout}, then closes the connection. Connections opened while a reset_peer toxic exists have SO_LINGER 0 on
 * both sockets, so that close is a TCP RST ("Connection reset"); older connections get a normal close, exactly as in
 * Toxiproxy.
 */
final class ResetPeerToxic extends LinkToxic {
    ResetPeerToxic(ToxicSpec spec) {
        super(spec);
    }

    @Override
    void onChunk(Chunk chunk, Stage next) throws IOException {
        waitThenClose(next);
    }

    @Override
    void onEof(Stage next) throws IOException {
        waitThenClose(next);
        next.eof();
    }

    /** Returns normally only if the toxic was removed or disabled meanwhile. */
    private void waitThenClose(Stage next) throws IOException {
        long start = System.nanoTime();
        while (isActive()) {
            if (next.sleepUntil(start + millisToNanos(spec().attribute("timeout")))) {
                throw next.closeConnection();
            }
        }
    }
}
