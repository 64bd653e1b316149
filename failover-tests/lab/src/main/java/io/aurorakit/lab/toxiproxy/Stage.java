package io.aurorakit.lab.toxiproxy;

import java.io.IOException;

/**
 * One position in a link's toxic chain: hands a chunk (or the end of stream) to its toxic, which passes results on to
 * {@code next}. The stage without a toxic is the end of the chain and writes to the destination socket.
 */
final class Stage {
    private final Link link;
    private final LinkToxic toxic;
    private final Stage next;

    Stage(Link link, LinkToxic toxic, Stage next) {
        this.link = link;
        this.toxic = toxic;
        this.next = next;
    }

    void accept(Chunk chunk) throws IOException {
        if (toxic == null) {
            link.write(chunk);
        } else if (toxic.isActive()) {
            toxic.onChunk(chunk, next);
        } else {
            next.accept(chunk);
        }
    }

    void eof() throws IOException {
        if (toxic == null) {
            link.closeConnection();
        } else if (toxic.isActive()) {
            toxic.onEof(next);
        } else {
            next.eof();
        }
    }

    /**
     * Waits until {@code deadlineNanos} ({@link System#nanoTime()}); returns false early when the link's toxics
     * change, so a toxic can re-read its configuration.
     *
     * @throws LinkClosedException when the connection is (or gets) closed
     */
    boolean sleepUntil(long deadlineNanos) throws IOException {
        return link.sleepUntil(deadlineNanos);
    }

    /** Closes both sockets of the connection and unwinds the chain. */
    LinkClosedException closeConnection() {
        link.closeConnection();
        return new LinkClosedException();
    }
}
