package io.aurorakit.spring;

import io.aurorakit.AuroraDataSource;
import java.util.Objects;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Spring Boot 3 Actuator health of an {@link AuroraDataSource}: UP with the cluster's writer, readers (id, lag),
 * whether a failover is being ridden out and when one was last seen; DOWN when no writer can be reached. Each check
 * runs {@link AuroraDataSource#topology()}: one query on a pooled writer connection. For Spring Boot 4 use
 * {@link AuroraBoot4HealthIndicator}.
 *
 * <pre>{@code
 * // e.g. returned by a bean method of the application's configuration
 * HealthIndicator aurora = new AuroraBoot3HealthIndicator(ds);
 * Health health = aurora.health(); // UP {writer=..., readers=[...], failoverInProgress=false, ...}
 * }</pre>
 */
public final class AuroraBoot3HealthIndicator implements HealthIndicator {

    private final AuroraDataSource dataSource;

    /** The health of {@code dataSource}. */
    public AuroraBoot3HealthIndicator(AuroraDataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Health health() {
        ClusterHealth health = ClusterHealth.check(dataSource);
        return (health.up() ? Health.up() : Health.down()).withDetails(health.details()).build();
    }
}
