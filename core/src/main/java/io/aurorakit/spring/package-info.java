/**
 * Spring Boot integration, active only when Spring Boot is on the classpath: the auto-configuration that makes the
 * {@code DataSource} bean an {@link io.aurorakit.AuroraDataSource} (from {@code spring.datasource.url=jdbc:aurora:...}
 * or {@code aurora.cluster-endpoint}), an {@link org.springframework.jdbc.support.SQLExceptionTranslator} that tells
 * a safe re-run (transient) from an outcome-unknown commit (non-transient), a transaction manager whose rollback after
 * a failover does not hide the failover, and {@link io.aurorakit.spring.AuroraTransactionTemplate}, which gives
 * Spring code the semantics of {@code write()}/{@code read()}. Spring Boot 3.5 and 4.0 are supported.
 */
package io.aurorakit.spring;
