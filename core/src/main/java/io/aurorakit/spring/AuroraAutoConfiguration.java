package io.aurorakit.spring;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.retry.FailoverListener;
import io.aurorakit.retry.RetryPolicy;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.TransactionManager;

/**
 * Spring Boot auto-configuration (Boot 3.5 and 4.0), active when {@code spring.datasource.url} is a
 * {@code jdbc:aurora:} URL or {@code aurora.cluster-endpoint} is set. Ordered before Boot's own DataSource,
 * transaction-manager and JdbcTemplate auto-configurations (named, since Boot 4 moved them), it provides, unless the
 * application defines its own:
 * <ul>
 * <li>the {@code DataSource}: an {@link AuroraDataSource} (writer pool, and a reader pool with
 * {@code aurora.reader-endpoint}), from {@code spring.datasource.*}, {@code aurora.*} and
 * {@code spring.datasource.hikari.*};</li>
 * <li>an {@link AuroraSqlExceptionTranslator} (Boot gives it to its {@code JdbcTemplate});</li>
 * <li>an {@link AuroraTransactionManager} (commit failures translated, rollbacks after a failover quiet);</li>
 * </ul>
 * {@link AuroraServicesAutoConfiguration} then adds what is built on an {@link AuroraDataSource} bean.
 * A {@link RetryPolicy} bean replaces the default policy; every {@link FailoverListener} bean is added.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration"})
@ConditionalOnClass(name = {"org.springframework.jdbc.core.JdbcTemplate",
        "org.springframework.transaction.PlatformTransactionManager"})
@Conditional(OnAuroraRequestedCondition.class)
public class AuroraAutoConfiguration {

    /** The application's {@code DataSource}: an {@link AuroraDataSource}. */
    @Bean
    @ConditionalOnMissingBean(DataSource.class)
    public AuroraDataSource dataSource(Environment environment, ObjectProvider<RetryPolicy> retryPolicy,
            ObjectProvider<FailoverListener> listeners) {
        return new SpringSettings(environment).dataSource(retryPolicy.getIfUnique(), listeners.orderedStream());
    }

    /** Failover-aware exception translation for Boot's {@code JdbcTemplate}. */
    @Bean
    @ConditionalOnMissingBean(SQLExceptionTranslator.class)
    public AuroraSqlExceptionTranslator auroraSqlExceptionTranslator() {
        return new AuroraSqlExceptionTranslator();
    }

    /** The transaction manager, unless the application has one. */
    @Bean
    @ConditionalOnMissingBean(TransactionManager.class)
    public AuroraTransactionManager transactionManager(DataSource dataSource) {
        return new AuroraTransactionManager(dataSource);
    }
}
