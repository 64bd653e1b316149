package io.aurorakit.lab.toxiproxy;

import java.io.IOException;

/** {@code noop}: passes data through unchanged. */
final class NoopToxic extends LinkToxic {
    NoopToxic(ToxicSpec spec) {
        super(spec);
    }

    @Override
    void onChunk(Chunk chunk, Stage next) throws IOException {
        next.accept(chunk);
    }
}
