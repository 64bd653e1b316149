package io.aurorakit.lab.toxiproxy;

import java.util.Locale;

/** Which half of a proxied connection a toxic acts on: client to upstream, or upstream to client. */
enum Direction {
    UPSTREAM, DOWNSTREAM;

    /** Parses a Toxiproxy {@code stream} value case-insensitively, or returns null when it is neither. */
    static Direction parse(String stream) {
        switch (stream.toLowerCase(Locale.ROOT)) {
            case "upstream":
                return UPSTREAM;
            case "downstream":
                return DOWNSTREAM;
            default:
                return null;
        }
    }
}
