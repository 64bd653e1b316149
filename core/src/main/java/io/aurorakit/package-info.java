/**
 * aurora-kit: an Aurora-PostgreSQL-aware {@link javax.sql.DataSource} over the AWS Advanced JDBC Wrapper.
 */
package io.aurorakit;
