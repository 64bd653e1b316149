package io.aurorakit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.ClusterTopology;
import io.aurorakit.retry.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The health both Spring Boot lines report: the shared {@link ClusterHealth} from a topology, and both indicators on a
 * real data source whose writer cannot be reached. The UP path on a real cluster is covered by the lab suite.
 */
class ClusterHealthTest {

    private static final Instant FAILOVER = Instant.parse("2026-12-02T07:00:00Z");

    @Test
    void aTopologyIsUpWithWriterReadersAndFailoverState() {
        ClusterTopology topology = new ClusterTopology("instance-2",
                List.of(new ClusterTopology.Reader("instance-1", 12.5, Optional.of(FAILOVER)),
                        new ClusterTopology.Reader("instance-3", 0.0, Optional.empty())),
                true, Optional.of(FAILOVER), true, FAILOVER.plusSeconds(5));
        ClusterHealth health = ClusterHealth.of(topology);
        assertThat(health.up()).isTrue();
        assertThat(health.details()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "writer", "instance-2",
                "readers", List.of(Map.of("id", "instance-1", "lagMs", 12.5), Map.of("id", "instance-3", "lagMs", 0.0)),
                "failoverInProgress", true,
                "lastFailoverEvent", "2026-12-02T07:00:00Z",
                "topologySource", "aurora_replica_status"));
    }

    @Test
    void plainPostgresIsUpFromTheConfigurationWithoutFailoverHistory() {
        ClusterHealth health = ClusterHealth.of(new ClusterTopology("db.internal", List.of(), false, Optional.empty(),
                false, FAILOVER));
        assertThat(health.up()).isTrue();
        assertThat(health.details()).containsEntry("writer", "db.internal").containsEntry("readers", List.of())
                .containsEntry("topologySource", "configuration").containsEntry("failoverInProgress", false)
                .doesNotContainKey("lastFailoverEvent");
    }

    @Test
    void bothIndicatorsAreDownWhenTheWriterCannotBeReached() {
        try (AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint("127.0.0.1", closedPort())
                .database("app").user("app").property("connectTimeout", "2s")
                .retryPolicy(RetryPolicy.builder().maxAttempts(1).build()).build()) {
            org.springframework.boot.actuate.health.Health boot3 = new AuroraBoot3HealthIndicator(ds).health();
            assertThat(boot3.getStatus()).isEqualTo(org.springframework.boot.actuate.health.Status.DOWN);
            assertThat(boot3.getDetails()).containsEntry("failoverInProgress", false)
                    .containsEntry("sqlState", "08001").containsKey("error").doesNotContainKey("writer");

            org.springframework.boot.health.contributor.Health boot4 = new AuroraBoot4HealthIndicator(ds).health();
            assertThat(boot4.getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.DOWN);
            assertThat(boot4.getDetails()).isEqualTo(boot3.getDetails());
        }
    }

    @Test
    void aClosedDataSourceIsDown() {
        AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint("127.0.0.1", closedPort()).build();
        ds.close();
        assertThat(new AuroraBoot3HealthIndicator(ds).health().getStatus())
                .isEqualTo(org.springframework.boot.actuate.health.Status.DOWN);
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
