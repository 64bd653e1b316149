package io.aurorakit.bench;

/**
 * How the routing benchmark reaches a reader, as a JMH {@code @Param} (constant names are the values in JMH's JSON).
 */
public enum RoutingVariant {
    /** A plain HikariCP pool on the reader endpoint: the baseline. */
    plainReaderPool,
    /** {@code AuroraDataSource.getConnection()} then {@code setReadOnly(true)} (read/write splitting). */
    setReadOnly,
    /** As {@link #setReadOnly}, with the wrapper's internal reader pools. */
    setReadOnlyInternalPool,
    /** {@code AuroraDataSource.read()}: a read-only transaction (BEGIN READ ONLY ... COMMIT). */
    auroraRead,
    /** {@code AuroraDataSource.readAutoCommit()}: the statement alone, in autocommit mode. */
    auroraReadAutoCommit
}
