package io.aurorakit.springapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.spring.AuroraTransactionTemplate;
import io.aurorakit.spring.OutcomeUnknownDataAccessException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.TransientDataAccessException;

/**
 * The same Spring Boot application (properties only): a COMMIT cut by a writer crash is an
 * {@link OutcomeUnknownDataAccessException} and never re-run, through {@link AuroraTransactionTemplate} and through a
 * Spring-style retry; a plain {@code jdbc:postgresql:} URL is left to Boot; bad properties stop the start naming the
 * property. (A class of its own so that it runs beside {@link SpringBootAppOnLabTest}, each on its own lab.)
 */
class SpringBootAppCommitCutAndConfigurationTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aCommitCutByACrashIsOutcomeUnknownAndNeverReRun(AuroraLab lab) throws Exception {
        try (ConfigurableApplicationContext app = LabApp.start(lab)) {
            OrderService orders = app.getBean(OrderService.class);
            AuroraTransactionTemplate template = app.getBean(AuroraTransactionTemplate.class);
            orders.createSchema();
            orders.createSlowCommitTrigger();
            List<Runnable> callers = List.of(
                    () -> template.write(status -> {
                        orders.placeWithSlowCommit("cut-template");
                        return null;
                    }),
                    () -> LabApp.retryOnTransient(() -> {
                        orders.placeWithSlowCommit("cut-spring");
                        return null;
                    }));
            for (Runnable caller : callers) {
                int callsBefore = orders.slowCommitCalls();
                java.util.concurrent.CompletableFuture<Void> call = java.util.concurrent.CompletableFuture
                        .runAsync(caller);
                assertThat(lab.awaitActiveStatement(lab.writerId(), "COMMIT", Duration.ofSeconds(20)))
                        .as("COMMIT waits in the deferred trigger").isTrue();
                assertThat(lab.crashWriter().writerChanged()).isTrue();
                Throwable outcome = call.handle((ok, failure) -> failure == null ? null : failure.getCause())
                        .get(90, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(outcome).as("a commit that may have happened")
                        .isInstanceOf(OutcomeUnknownDataAccessException.class)
                        .isNotInstanceOf(TransientDataAccessException.class);
                assertThat(orders.slowCommitCalls() - callsBefore).as("runs of the work").isEqualTo(1);
                lab.awaitHealthy(WAIT);
            }
        }
    }

    @Test
    void aPlainPostgresUrlLeavesBootsOwnPool(AuroraLab lab) {
        Map<String, Object> plain = new java.util.HashMap<>(LabApp.properties(lab));
        plain.put("spring.datasource.url", lab.directJdbcUrl(lab.writerId()));
        plain.keySet().removeIf(k -> k.startsWith("aurora.") || k.contains("data-source-properties"));
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(OrdersApp.class)
                .web(WebApplicationType.NONE).properties(plain).run()) {
            assertThat(app.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
            assertThat(app.getBeanNamesForType(AuroraTransactionTemplate.class)).isEmpty();
            assertThat(app.getBean(OrderService.class).whereReadsRun()).isEqualTo(lab.writerId());
        }
    }

    @Test
    void badPropertiesFailAtStartWithTheirName(AuroraLab lab) {
        Map<String, Object> misspelt = Map.of("aurora.conect-timeout", "5s");
        assertThatStartFails(lab, misspelt).hasMessageContaining("aurora.conect-timeout is not an aurora-kit property")
                .hasMessageContaining("did you mean aurora.connect-timeout?");
        assertThatStartFails(lab, Map.of("aurora.failure-detection-count", "0"))
                .hasMessageStartingWith("aurora.failure-detection-count: failureDetectionCount='0' is invalid");
        assertThatStartFails(lab, Map.of("spring.datasource.hikari.jdbc-url", "jdbc:postgresql://x/y"))
                .hasMessageContaining("spring.datasource.hikari.jdbc-url is set, but aurora-kit sets it itself");
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertThatStartFails(
            AuroraLab lab, Map<String, Object> extra) {
        Throwable failure = null;
        Map<String, Object> quiet = Map.of("logging.level.org.springframework", "OFF");
        try (ConfigurableApplicationContext app = LabApp.builder(lab).properties(extra).properties(quiet).run()) {
            app.getBean(DataSource.class);
        } catch (RuntimeException e) {
            failure = e;
        }
        assertThat(failure).as("start with " + extra).isNotNull();
        Throwable root = failure;
        while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
            root = root.getCause();
        }
        return assertThat(root).isInstanceOf(IllegalArgumentException.class);
    }
}
