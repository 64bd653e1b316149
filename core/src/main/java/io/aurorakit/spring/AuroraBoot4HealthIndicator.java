package io.aurorakit.spring;

import io.aurorakit.AuroraDataSource;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Spring Boot 4 Actuator health of an {@link AuroraDataSource}: UP with the cluster's writer, readers (id, lag),
 * whether a failover is being ridden out and when one was last seen; DOWN when no writer can be reached. Each check
 * runs {@link AuroraDataSource#topology()}: one query on a pooled writer connection. For Spring Boot 3 use
 * {@link AuroraBoot3HealthIndicator}.
 *
 * <pre>{@code
 * // e.g. returned by a bean method of the application's configuration
 * HealthIndicator aurora = new AuroraBoot4HealthIndicator(ds);
 * Health health = aurora.health(); // UP {writer=..., readers=[...], failoverInProgress=false, ...}
 * }</pre>
 */
public final class AuroraBoot4HealthIndicator implements HealthIndicator {

    private final AuroraDataSource dataSource;

    /** The health of {@code dataSource}. */
    public AuroraBoot4HealthIndicator(AuroraDataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Health health() {
        ClusterHealth health = ClusterHealth.check(dataSource);
        return (health.up() ? Health.up() : Health.down()).withDetails(health.details()).build();
    }
}
