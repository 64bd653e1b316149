package io.aurorakit.lab.toxiproxy;

import java.io.IOException;

/** Thrown inside a link when its connection has been closed, to unwind the toxic chain. */
final class LinkClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    LinkClosedException() {
        super("connection closed", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
