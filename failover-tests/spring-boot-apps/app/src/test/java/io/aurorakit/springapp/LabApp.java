package io.aurorakit.springapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.spring.TransientFailoverException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.TransientDataAccessException;

/** {@link OrdersApp} on a lab, configured the way a user would: properties only; and a Spring-style retry. */
final class LabApp {

    private LabApp() {
    }

    static ConfigurableApplicationContext start(AuroraLab lab) {
        return builder(lab).run();
    }

    static SpringApplicationBuilder builder(AuroraLab lab) {
        return new SpringApplicationBuilder(OrdersApp.class).web(WebApplicationType.NONE).properties(properties(lab));
    }

    /** The application's whole configuration, as in application.properties. */
    static Map<String, Object> properties(AuroraLab lab) {
        return Map.of(
                "spring.datasource.url", lab.jdbcUrl(),
                "spring.datasource.username", lab.user(),
                "spring.datasource.password", lab.password(),
                "spring.datasource.hikari.maximum-pool-size", "4",
                "spring.datasource.hikari.pool-name", "orders",
                "spring.datasource.hikari.data-source-properties.sslmode", "verify-full",
                "spring.datasource.hikari.data-source-properties.sslrootcert", lab.rootCertificate().toString(),
                "aurora.preset", "fast-failover",
                "aurora.cluster-id", "boot-" + UUID.randomUUID(),
                "management.health.db.enabled", "true");
    }

    /** A retry written the Spring way: re-run on {@link TransientDataAccessException}, nothing else. */
    static <T> T retryOnTransient(Supplier<T> work) {
        TransientDataAccessException last = null;
        for (int attempt = 1; attempt <= 30; attempt++) {
            try {
                return work.get();
            } catch (TransientDataAccessException e) {
                assertThat(e).isInstanceOf(TransientFailoverException.class);
                last = e;
                pause(200);
            }
        }
        throw last;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
