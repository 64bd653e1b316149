package io.aurorakit.springapp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.FailoverReport;
import io.aurorakit.lab.LabInstance;
import io.aurorakit.lab.LabQueries;
import io.aurorakit.spring.AuroraTransactionTemplate;
import io.aurorakit.spring.OutcomeUnknownDataAccessException;
import io.aurorakit.spring.TransientFailoverException;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * A Spring Boot application configured by properties only runs on the Aurora lab through a writer crash and a planned
 * failover under two steady write loops: one through {@link AuroraTransactionTemplate} (aurora-kit's {@code write()}
 * semantics), one calling the {@code @Transactional} service directly with a retry written the Spring way (re-run on
 * {@link TransientDataAccessException}, nothing else). The app keeps serving without a restart, every acknowledged row
 * exists exactly once, outcome-unknown commits surface as the non-transient {@link OutcomeUnknownDataAccessException},
 * and the meters and the health indicator show what happened. Runs once per Spring Boot line (3.5 and 4.0).
 */
class SpringBootAppOnLabTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void servesThroughACrashAndAPlannedFailover(AuroraLab lab) throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        try (ConfigurableApplicationContext app = LabApp.start(lab)) {
            assertThat(SpringBootVersion.getVersion()).startsWith(System.getProperty("spring.boot.expected", ""));
            assertThat(HikariDataSource.class.getProtectionDomain().getCodeSource().getLocation().toString())
                    .as("the HikariCP Spring Boot manages").contains(System.getProperty("hikaricp.expected", ""));
            DataSource dataSource = app.getBean(DataSource.class);
            assertThat(dataSource).isInstanceOf(AuroraDataSource.class);
            assertThat(app.getBean(SQLExceptionTranslator.class).getClass().getName())
                    .isEqualTo("io.aurorakit.spring.AuroraSqlExceptionTranslator");
            AuroraDataSource aurora = (AuroraDataSource) dataSource;
            assertThat(app.getBean(org.springframework.transaction.PlatformTransactionManager.class))
                    .isInstanceOf(io.aurorakit.spring.AuroraTransactionManager.class);
            OrderService orders = app.getBean(OrderService.class);
            AuroraTransactionTemplate template = app.getBean(AuroraTransactionTemplate.class);

            orders.createSchema();
            assertThat(orders.place("first")).isEqualTo(lab.writerId());
            List<String> readers = lab.instances().stream().map(LabInstance::id)
                    .filter(id -> !id.equals(lab.writerId())).toList();
            assertThat(orders.whereReadsRun()).as("@Transactional(readOnly = true) runs on a reader").isIn(readers);

            try (WriteLoop viaTemplate = new WriteLoop("template", key -> template.write(s -> orders.place(key)));
                    WriteLoop springRetry = new WriteLoop("spring",
                            key -> LabApp.retryOnTransient(() -> orders.place(key)))) {
                awaitProgress(viaTemplate, springRetry);
                FailoverReport crash = lab.crashWriter();
                awaitProgress(viaTemplate, springRetry);
                FailoverReport planned = lab.failover();
                awaitProgress(viaTemplate, springRetry);
                viaTemplate.close();
                springRetry.close();

                Map<String, Integer> rows = orders.rowsPerKey();
                for (WriteLoop loop : List.of(viaTemplate, springRetry)) {
                    assertThat(loop.otherFailures).as("failures other than outcome unknown: %s",
                            WriteLoop.describe(loop.otherFailures)).isEmpty();
                    assertThat(loop.acknowledged).allSatisfy(key -> assertThat(rows.get(key))
                            .as("rows of acknowledged key %s", key).isEqualTo(1));
                    assertThat(loop.outcomeUnknown).allSatisfy(key -> assertThat(rows.getOrDefault(key, 0))
                            .as("rows of outcome-unknown key %s", key).isLessThanOrEqualTo(1));
                }
                assertThat(orders.place("last")).isEqualTo(planned.newWriterId());
                System.out.printf("Spring Boot %s: template loop %d acknowledged, %d outcome unknown; Spring-retry loop"
                        + " %d acknowledged, %d outcome unknown; %s%n", SpringBootVersion.getVersion(),
                        viaTemplate.acknowledgedCount(), viaTemplate.outcomeUnknown.size(),
                        springRetry.acknowledgedCount(), springRetry.outcomeUnknown.size(), aurora.stats());
                assertThat(crash.writerChanged()).isTrue();
            }
            assertThat(aurora.stats().failovers() + aurora.stats().outcomeUnknown()).as("failovers seen by write()")
                    .isPositive();
            assertMeters(app.getBean(MeterRegistry.class), aurora);
            assertHealth(app, lab);
        } finally {
            root.detachAppender(log);
        }
        assertThat(log.list).as("a rollback after a failover never replaces the application's exception")
                .noneMatch(e -> e.getFormattedMessage().contains("overridden by rollback exception"));
    }

    @Test
    void clusterEndpointPropertiesGiveAWriterAndAReaderPool(AuroraLab lab) throws Exception {
        Map<String, Object> endpoints = new java.util.HashMap<>(LabApp.properties(lab));
        endpoints.remove("spring.datasource.url");
        endpoints.put("aurora.cluster-endpoint", lab.clusterEndpoint() + ":" + lab.port());
        endpoints.put("aurora.reader-endpoint", lab.readerEndpoint() + ":" + lab.port());
        endpoints.put("aurora.database", lab.database());
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(OrdersApp.class)
                .web(WebApplicationType.NONE).properties(endpoints).run()) {
            AuroraDataSource aurora = app.getBean(AuroraDataSource.class);
            assertThat(aurora.pools().keySet()).containsExactlyInAnyOrder("writer", "reader");
            assertThat(aurora.pools().get("writer").getPoolName()).isEqualTo("orders");
            assertThat(aurora.pools().get("reader").getPoolName()).isEqualTo("orders-reader");
            assertThat(aurora.pools().get("reader").getMaximumPoolSize()).isEqualTo(4);
            String writer = aurora.write(c -> LabQueries.instanceId(c));
            String reader = aurora.read(c -> LabQueries.instanceId(c));
            assertThat(writer).isEqualTo(lab.writerId());
            assertThat(reader).isNotEqualTo(lab.writerId());
        }
    }

    private static void assertMeters(MeterRegistry registry, AuroraDataSource aurora) {
        double failovers = registry.find("aurora.failovers").functionCounters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(failovers).as("aurora.failovers").isEqualTo(
                (double) aurora.stats().failovers() + aurora.stats().outcomeUnknown());
        assertThat(registry.find("aurora.retries").functionCounter()).isNotNull();
        double calls = 0;
        for (io.aurorakit.retry.CallOutcome outcome : io.aurorakit.retry.CallOutcome.values()) {
            double counted = registry.find("aurora.calls").tag("kind", outcome.tag()).functionCounter().count();
            assertThat(counted).as("aurora.calls kind=%s", outcome.tag()).isEqualTo((double) aurora.stats()
                    .calls(outcome));
            calls += counted;
        }
        assertThat(calls).as("calls through write()").isGreaterThan(100);
        assertThat(registry.find("hikaricp.connections").tagKeys("pool").gauges()).as("HikariCP's pool meters")
                .isNotEmpty();
    }

    /** The health indicator's classes differ between Boot 3 and 4; it is read by name, as the actuator does. */
    private static void assertHealth(ConfigurableApplicationContext app, AuroraLab lab) throws Exception {
        Object indicator = app.getBean("auroraHealthIndicator");
        Method health = indicator.getClass().getMethod("health");
        health.setAccessible(true);
        Object result = health.invoke(indicator);
        Object status = result.getClass().getMethod("getStatus").invoke(result);
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) result.getClass().getMethod("getDetails").invoke(result);
        assertThat(status.toString()).isEqualTo("UP");
        assertThat(details.get("writer")).isEqualTo(lab.writerId());
    }

    private static void awaitProgress(WriteLoop... loops) {
        int[] before = new int[loops.length];
        for (int i = 0; i < loops.length; i++) {
            before[i] = loops[i].acknowledgedCount();
        }
        await("each write loop acknowledges 5 more writes", () -> {
            for (int i = 0; i < loops.length; i++) {
                if (loops[i].acknowledgedCount() < before[i] + 5) {
                    return false;
                }
            }
            return true;
        });
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting until " + what);
            }
            LabApp.pause(50);
        }
    }
}
