package io.aurorakit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.aurorakit.AuroraDataSource;
import io.aurorakit.retry.CallOutcome;
import io.aurorakit.retry.RetriesExhaustedException;
import io.aurorakit.retry.RetryPolicy;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link AuroraMetrics} on a real {@link AuroraDataSource} whose endpoint refuses connections (so every unit of work
 * is retried once and given up): the meters, their tags, descriptions and units, what they count, binding twice, and
 * HikariCP's tracker. The lab suite's {@code MetricsAndTopologyOnLabTest} covers a real failover.
 */
class AuroraMetricsTest {

    private static final Set<String> AURORA_METERS = Set.of("aurora.failovers", "aurora.retries",
            "aurora.retries.exhausted", "aurora.attempts", "aurora.calls", "aurora.failover.in.progress",
            "aurora.retry.delay", "aurora.work.duration");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static AuroraDataSource refusing(String clusterId) {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(10))
                .randomizationFactor(0.0).maxBackoff(Duration.ofMillis(10)).totalBudget(Duration.ofSeconds(30)).build();
        return AuroraDataSource.builder().clusterEndpoint("127.0.0.1", closedPort()).database("app").user("app")
                .property("connectTimeout", "2s").property("clusterId", clusterId).retryPolicy(policy).build();
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double calls(String cluster, CallOutcome outcome) {
        return registry.get("aurora.calls").tags("cluster", cluster, "kind", outcome.tag()).functionCounter().count();
    }

    @Test
    void everyMeterIsThereFromTheStartDescribedWithUnitAndClusterTag() {
        try (AuroraDataSource ds = refusing("c-describe")) {
            new AuroraMetrics(ds, Tags.of("app", "orders")).bindTo(registry);
            List<Meter> aurora = registry.getMeters().stream()
                    .filter(m -> m.getId().getName().startsWith("aurora.")).toList();
            assertThat(aurora.stream().map(m -> m.getId().getName()).collect(Collectors.toSet()))
                    .isEqualTo(AURORA_METERS);
            assertThat(aurora).allSatisfy(m -> {
                assertThat(m.getId().getDescription()).as("%s description", m.getId()).isNotBlank();
                assertThat(m.getId().getBaseUnit()).as("%s unit", m.getId()).isNotBlank();
                assertThat(m.getId().getTag("cluster")).isEqualTo("c-describe");
                assertThat(m.getId().getTag("app")).isEqualTo("orders");
            });
            assertThat(registry.find("aurora.calls").functionCounters()).extracting(m -> m.getId().getTag("kind"))
                    .containsExactlyInAnyOrder("successful_without_retry", "successful_with_retry",
                            "failed_without_retry", "failed_with_retry");
            assertThat(registry.find("aurora.failovers").functionCounters()).extracting(m -> m.getId().getTag("kind"))
                    .containsExactlyInAnyOrder("connection_changed", "outcome_unknown");
            assertThat(registry.find("aurora.retry.delay").timers()).extracting(m -> m.getId().getTag("kind"))
                    .containsExactlyInAnyOrder("connection_changed", "outcome_unknown", "unavailable");
            assertThat(calls("c-describe", CallOutcome.FAILED_WITH_RETRY)).isZero();
        }
    }

    @Test
    void aGivenUpCallIsCountedOnceEvenWhenBoundTwice() {
        try (AuroraDataSource ds = refusing("c-twice")) {
            new AuroraMetrics(ds).bindTo(registry);
            new AuroraMetrics(ds).bindTo(registry);
            new AuroraMetrics(ds, Tags.of("app", "other")).bindTo(registry);
            assertThatThrownBy(() -> ds.write(c -> 1)).isInstanceOf(RetriesExhaustedException.class);

            assertThat(calls("c-twice", CallOutcome.FAILED_WITH_RETRY)).isEqualTo(1);
            assertThat(registry.get("aurora.retries").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("aurora.attempts").functionCounter().count()).isEqualTo(2);
            assertThat(registry.get("aurora.retries.exhausted").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("aurora.failovers").tag("kind", "connection_changed").functionCounter().count())
                    .as("a refused connection is no failover").isZero();
            assertThat(registry.get("aurora.retry.delay").tag("kind", "unavailable").timer().count())
                    .as("one re-run after a backoff").isEqualTo(1);
            assertThat(registry.get("aurora.retry.delay").tag("kind", "unavailable").timer()
                    .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(10.0);
            assertThat(registry.get("aurora.work.duration").tag("kind", "failed_with_retry").timer().count())
                    .as("one listener, one record").isEqualTo(1);
            assertThat(registry.get("aurora.failover.in.progress").gauge().value()).isZero();
            assertThat(registry.find("aurora.calls").functionCounters()).as("no second set of meters").hasSize(4);
        }
    }

    @Test
    void hikariPoolsGetTheRegistryUnlessAlreadyBound() {
        try (AuroraDataSource ds = refusing("c-pool");
                AuroraDataSource preBound = refusing("c-prebound")) {
            MetricsTrackerFactory own = new MicrometerMetricsTrackerFactory(new SimpleMeterRegistry());
            HikariDataSource preBoundWriter = preBound.pools().get("writer");
            preBoundWriter.setMetricsTrackerFactory(own);

            new AuroraMetrics(ds).bindTo(registry);
            new AuroraMetrics(preBound).bindTo(registry);
            assertThat(ds.pools().get("writer").getMetricsTrackerFactory())
                    .isInstanceOf(MicrometerMetricsTrackerFactory.class);
            assertThat(preBoundWriter.getMetricsTrackerFactory()).as("left as the application bound it").isSameAs(own);
        }
    }

    @Test
    void anOpenDataSourceKeepsItsTagsAClosedOneHandsThemOn() {
        AuroraDataSource first = refusing("c-shared");
        try (AuroraDataSource second = refusing("c-shared")) {
            new AuroraMetrics(first).bindTo(registry);
            new AuroraMetrics(second).bindTo(registry);
            assertThatThrownBy(() -> second.write(c -> 1)).isInstanceOf(RetriesExhaustedException.class);
            assertThat(calls("c-shared", CallOutcome.FAILED_WITH_RETRY)).as("still the first one's meters").isZero();

            first.close();
            new AuroraMetrics(second).bindTo(registry);
            assertThat(calls("c-shared", CallOutcome.FAILED_WITH_RETRY)).as("now the second one's").isEqualTo(1);
            assertThat(registry.find("aurora.calls").functionCounters()).hasSize(4);
        } finally {
            first.close();
        }
    }
}
