/**
 * Database load the way Performance Insights shows it: average active sessions ({@code db.load.avg}) by SQL
 * statement, wait event, user, host, application or database, over a window and per period.
 *
 * <p>Two sources give the same result types ({@link io.aurorakit.insights.DbLoadSource}):
 * {@link io.aurorakit.insights.DbLoadSampler} samples {@code pg_stat_activity} of any PostgreSQL (Aurora, RDS, the
 * lab) once a second from a connection of its own, off unless started;
 * {@link io.aurorakit.insights.PerformanceInsightsReader} reads the PI API of an Aurora or RDS instance (needs the
 * AWS SDK's {@code auth}, {@code http-auth-aws} and {@code json-utils} modules, optional dependencies of
 * aurora-kit-core).
 * Nothing here is used by {@code AuroraDataSource}; a plain application pulls in nothing new.
 */
package io.aurorakit.insights;
