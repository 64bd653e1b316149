package io.aurorakit.flyway;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.database.DatabaseType;
import org.flywaydb.core.internal.database.DatabaseTypeRegister;

/**
 * Finds Flyway's own PostgreSQL database type (module {@code flyway-database-postgresql}) among the registered
 * plugins, without a compile-time reference to it: {@link AuroraFlywayDatabaseType} must load even when that module
 * is absent, or Flyway's plugin discovery would fail for every database.
 */
final class FlywayPostgres {

    static final String NAME = "PostgreSQL";
    private static final String PLAIN_URL = "jdbc:postgresql://host/db";

    private FlywayPostgres() {
    }

    /** Flyway's PostgreSQL type; a {@link FlywayException} naming the missing module when it is not installed. */
    static DatabaseType type() {
        return DatabaseTypeRegister.getDatabaseTypes().stream()
                .filter(DatabaseType.class::isInstance)
                .map(DatabaseType.class::cast)
                .filter(t -> !(t instanceof AuroraFlywayDatabaseType))
                .filter(t -> NAME.equals(t.getName()) && t.handlesJDBCUrl(PLAIN_URL))
                .findFirst()
                .orElseThrow(() -> new FlywayException("Flyway has no PostgreSQL support on the classpath, needed for "
                        + "jdbc:aurora:postgresql: URLs: add org.flywaydb:flyway-database-postgresql (the version of "
                        + "flyway-core)"));
    }
}
