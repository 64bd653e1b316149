package io.aurorakit.spring;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.metrics.AuroraMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What Spring Boot gets on top of an {@link AuroraDataSource} bean (the one {@link AuroraAutoConfiguration} made, or
 * the application's own): an {@link AuroraTransactionTemplate}; with Micrometer, {@link AuroraMetrics} (Boot binds
 * every {@code MeterBinder} bean to its registry); with Actuator, the {@code aurora} health indicator
 * ({@code management.health.aurora.enabled=false} turns it off). Each unless the application defines its own.
 */
@AutoConfiguration(after = AuroraAutoConfiguration.class, afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"})
@ConditionalOnClass(name = "org.springframework.transaction.PlatformTransactionManager")
@ConditionalOnBean(AuroraDataSource.class)
public class AuroraServicesAutoConfiguration {

    /** {@code write()}/{@code read()} semantics for Spring transactions. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(PlatformTransactionManager.class)
    public AuroraTransactionTemplate auroraTransactionTemplate(PlatformTransactionManager transactionManager,
            AuroraDataSource dataSource) {
        return new AuroraTransactionTemplate(transactionManager, dataSource);
    }

    /** Micrometer meters of the data source and its pools. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        AuroraMetrics auroraMetrics(AuroraDataSource dataSource) {
            return new AuroraMetrics(dataSource);
        }
    }

    /** The health indicator of Spring Boot 3's Actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnProperty(name = "management.health.aurora.enabled", matchIfMissing = true)
    static class Boot3Health {

        @Bean
        @ConditionalOnMissingBean(name = "auroraHealthIndicator")
        AuroraBoot3HealthIndicator auroraHealthIndicator(AuroraDataSource dataSource) {
            return new AuroraBoot3HealthIndicator(dataSource);
        }
    }

    /** The health indicator of Spring Boot 4 (which moved health to {@code org.springframework.boot.health}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnProperty(name = "management.health.aurora.enabled", matchIfMissing = true)
    static class Boot4Health {

        @Bean
        @ConditionalOnMissingBean(name = "auroraHealthIndicator")
        AuroraBoot4HealthIndicator auroraHealthIndicator(AuroraDataSource dataSource) {
            return new AuroraBoot4HealthIndicator(dataSource);
        }
    }
}
