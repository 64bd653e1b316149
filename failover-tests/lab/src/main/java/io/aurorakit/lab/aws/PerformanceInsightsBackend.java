package io.aurorakit.lab.aws;

import java.util.Optional;

import io.aurorakit.insights.DbLoadSource;

/**
 * What the Performance Insights endpoint needs from a lab whose Performance Insights is on: the database load of each
 * instance, by the instance's {@code DbiResourceId} (PI's {@code Identifier}). Implemented by {@code AuroraLab}; not
 * meant for users.
 */
public interface PerformanceInsightsBackend {

    /**
     * The load of the instance whose {@code DbiResourceId} is {@code resourceId}, e.g. {@code db-ABC...}; empty if no
     * instance of the lab has it.
     */
    Optional<DbLoadSource> dbLoad(String resourceId);
}
