package io.aurorakit.lab.toxiproxy;

import java.io.IOException;

/**
 * {@code limit_data} {bytes}: forwards exactly {@code bytes} bytes in its direction, then closes the connection. The
 * count is per link and survives updates.
 */
final class LimitDataToxic extends LinkToxic {
    private long transmitted;

    LimitDataToxic(ToxicSpec spec) {
        super(spec);
    }

    @Override
    void onChunk(Chunk chunk, Stage next) throws IOException {
        long limit = spec().attribute("bytes");
        long remaining = Math.max(0, limit - transmitted);
        Chunk allowed = remaining < chunk.length ? chunk.slice(0, (int) remaining) : chunk;
        if (allowed.length > 0) {
            next.accept(allowed);
            transmitted += allowed.length;
        }
        if (limit - transmitted <= 0) {
            throw next.closeConnection();
        }
    }
}
