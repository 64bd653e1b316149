/**
 * Flyway support: {@link io.aurorakit.flyway.AuroraFlywayDatabaseType}, the Flyway 13 database-type plugin that lets
 * {@code Flyway.configure().dataSource("jdbc:aurora:postgresql://...", user, password)} open the URL with
 * {@link io.aurorakit.AuroraDriver}. Public only because Flyway's {@code ServiceLoader} requires it; only Flyway loads
 * it, so core's dependency on {@code flyway-database-postgresql} stays optional.
 */
package io.aurorakit.flyway;
