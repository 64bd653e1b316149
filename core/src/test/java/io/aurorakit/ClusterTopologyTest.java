package io.aurorakit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurorakit.retry.RetryPolicy;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ClusterTopology} as a value, and {@link AuroraDataSource#topology()} when the writer cannot be reached.
 * Reading a real topology is covered by the lab suite's {@code MetricsAndTopologyOnLabTest}.
 */
class ClusterTopologyTest {

    @Test
    void isImmutable() {
        List<ClusterTopology.Reader> readers = new ArrayList<>(List.of(
                new ClusterTopology.Reader("instance-2", 3.0, Optional.empty())));
        ClusterTopology t = new ClusterTopology("instance-1", readers, false, Optional.empty(), true, Instant.EPOCH);
        readers.clear();
        assertThat(t.readerIds()).containsExactly("instance-2");
        assertThatThrownBy(() -> t.readers().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anUnreachableWriterIsAConnectionFailureNotRetried() {
        try (AuroraDataSource ds = AuroraDataSource.builder().clusterEndpoint("127.0.0.1", FreePort.closedPort())
                .database("app").user("app").property("connectTimeout", "2s")
                .retryPolicy(RetryPolicy.builder().maxAttempts(3).build()).build()) {
            assertThatThrownBy(ds::topology).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("08001"));
            assertThat(ds.stats().attempts()).as("not a unit of work: no retries").isZero();
        }
    }
}
