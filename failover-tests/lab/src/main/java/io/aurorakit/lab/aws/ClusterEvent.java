package io.aurorakit.lab.aws;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An RDS event the lab's control plane recorded, as {@code DescribeEvents} returns it.
 *
 * @param date             when it happened
 * @param sourceType       {@code db-cluster} or {@code db-instance}
 * @param sourceIdentifier the cluster or instance id
 * @param eventId          Aurora's id, e.g. {@code RDS-EVENT-0073} (not part of the API's {@code Event} shape)
 * @param categories       e.g. {@code [failover]}, {@code [availability]}
 * @param message          Aurora's message, e.g. {@code Started cross AZ failover to DB instance: instance-2}
 */
public record ClusterEvent(Instant date, String sourceType, String sourceIdentifier, String eventId,
                           List<String> categories, String message) {

    /** {@code db-cluster}. */
    public static final String CLUSTER = "db-cluster";
    /** {@code db-instance}. */
    public static final String INSTANCE = "db-instance";

    public ClusterEvent {
        Objects.requireNonNull(date);
        Objects.requireNonNull(sourceType);
        Objects.requireNonNull(sourceIdentifier);
        categories = List.copyOf(categories);
        Objects.requireNonNull(message);
    }
}
