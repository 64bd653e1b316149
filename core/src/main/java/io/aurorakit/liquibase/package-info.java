/**
 * Liquibase support: {@link io.aurorakit.liquibase.AuroraLiquibaseDatabase}, the Liquibase 4 driver hint that lets a
 * {@code jdbc:aurora:postgresql://} URL alone open a connection through {@link io.aurorakit.AuroraDriver}. Public
 * only because Liquibase's {@code ServiceLoader} requires it; only Liquibase loads it, so core's dependency on
 * {@code liquibase-core} stays optional.
 */
package io.aurorakit.liquibase;
