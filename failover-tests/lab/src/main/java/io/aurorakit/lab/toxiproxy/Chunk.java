package io.aurorakit.lab.toxiproxy;

/** A piece of data read from one side of a connection, stamped with the time it was read (for latency). */
final class Chunk {
    /** Marks the source's end of stream in a link's queue. */
    static final Chunk EOF = new Chunk(new byte[0], 0, 0, 0);

    final byte[] data;
    final int offset;
    final int length;
    long timestampNanos;

    Chunk(byte[] data, int offset, int length, long timestampNanos) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.timestampNanos = timestampNanos;
    }

    Chunk slice(int from, int count) {
        return new Chunk(data, offset + from, count, timestampNanos);
    }
}
