package io.aurorakit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * core's public API is deliberately small: this test lists every public type outside {@code io.aurorakit.internal}
 * and fails when one appears (or disappears) unannounced. Adding a public type means adding it here, on purpose.
 */
class PublicApiTest {

    private static final Set<String> ANNOUNCED = Set.of(
            "io.aurorakit.AuroraDataSource",
            "io.aurorakit.AuroraDataSource$Builder",
            "io.aurorakit.AuroraDriver",
            "io.aurorakit.ClusterTopology",
            "io.aurorakit.ClusterTopology$Reader",
            "io.aurorakit.SqlWork",
            "io.aurorakit.config.AuroraConfig",
            "io.aurorakit.config.AuroraConfig$Builder",
            "io.aurorakit.config.AuroraProperty",
            "io.aurorakit.config.Preset",
            "io.aurorakit.flyway.AuroraFlywayDatabaseType",
            "io.aurorakit.insights.DbLoad",
            "io.aurorakit.insights.DbLoadKey",
            "io.aurorakit.insights.DbLoadSampler",
            "io.aurorakit.insights.DbLoadSampler$Builder",
            "io.aurorakit.insights.DbLoadSampler$Connector",
            "io.aurorakit.insights.DbLoadSource",
            "io.aurorakit.insights.DimensionGroup",
            "io.aurorakit.insights.LoadSeries",
            "io.aurorakit.insights.LoadSeries$Point",
            "io.aurorakit.insights.PerformanceInsightsException",
            "io.aurorakit.insights.PerformanceInsightsReader",
            "io.aurorakit.insights.PerformanceInsightsReader$Builder",
            "io.aurorakit.insights.Periods",
            "io.aurorakit.insights.ResourceMetrics",
            "io.aurorakit.liquibase.AuroraLiquibaseDatabase",
            "io.aurorakit.metrics.AuroraMetrics",
            "io.aurorakit.retry.CallOutcome",
            "io.aurorakit.retry.FailoverEvent",
            "io.aurorakit.retry.FailoverListener",
            "io.aurorakit.retry.FailoverStats",
            "io.aurorakit.retry.FailureKind",
            "io.aurorakit.retry.OutcomeUnknownException",
            "io.aurorakit.retry.RetriedCall",
            "io.aurorakit.retry.RetriesExhaustedException",
            "io.aurorakit.retry.RetryPolicy",
            "io.aurorakit.retry.RetryPolicy$Builder",
            "io.aurorakit.spring.AuroraAutoConfiguration",
            "io.aurorakit.spring.AuroraBoot3HealthIndicator",
            "io.aurorakit.spring.AuroraBoot4HealthIndicator",
            "io.aurorakit.spring.AuroraServicesAutoConfiguration",
            "io.aurorakit.spring.AuroraSqlExceptionTranslator",
            "io.aurorakit.spring.AuroraTransactionManager",
            "io.aurorakit.spring.AuroraTransactionTemplate",
            "io.aurorakit.spring.OutcomeUnknownDataAccessException",
            "io.aurorakit.spring.TransientFailoverException");

    @Test
    void everyPublicTypeOutsideInternalIsAnnounced() throws Exception {
        assertThat(publicTypes()).containsExactlyInAnyOrderElementsOf(new TreeSet<>(ANNOUNCED));
    }

    @Test
    void everyPackageHasAPackageInfo() throws Exception {
        Path classes = classesRoot();
        try (Stream<Path> dirs = Files.walk(classes.resolve("io/aurorakit"))) {
            List<Path> packages = dirs.filter(Files::isDirectory)
                    .filter(d -> hasClassFiles(d)).toList();
            assertThat(packages).isNotEmpty().allSatisfy(d -> assertThat(d.resolve("package-info.class"))
                    .as("package-info of %s", classes.relativize(d)).exists());
        }
    }

    private static Set<String> publicTypes() throws Exception {
        Path classes = classesRoot();
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.endsWith("package-info") || name.startsWith("io.aurorakit.internal.")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, PublicApiTest.class.getClassLoader());
                if (isPublicApi(type)) {
                    found.add(name);
                }
            }
        }
        return found;
    }

    /** Public, and reachable: a nested type counts only when every enclosing type is public too. */
    private static boolean isPublicApi(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static Path classesRoot() throws URISyntaxException {
        return Path.of(AuroraDataSource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static boolean hasClassFiles(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.anyMatch(f -> f.toString().endsWith(".class"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
