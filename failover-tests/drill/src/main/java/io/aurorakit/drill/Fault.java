package io.aurorakit.drill;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The fault a lab drill injects into the cluster. */
enum Fault {
    /** kill -9 of the writer, then Aurora-style automatic failover. */
    CRASH("crash"),
    /** A planned failover, like {@code aws rds failover-db-cluster}. */
    PLANNED("planned"),
    /** The writer is black-holed (no RST, like Aurora's hard fence), then failed over. */
    ISOLATE("isolate"),
    /** Added network latency on the writer; no failover is expected. */
    LATENCY("latency"),
    /** kill -9 of one reader; reads must keep working. */
    READER_CRASH("reader-crash");

    private final String cliName;

    Fault(String cliName) {
        this.cliName = cliName;
    }

    String cliName() {
        return cliName;
    }

    /** Whether this fault moves the writer role to another instance. */
    boolean changesWriter() {
        return this == CRASH || this == PLANNED || this == ISOLATE;
    }

    static Fault parse(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (Fault fault : values()) {
            if (fault.cliName.equals(wanted)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("--fault: unknown fault '" + value + "', expected one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(Fault::cliName).collect(Collectors.joining(", "));
    }
}
