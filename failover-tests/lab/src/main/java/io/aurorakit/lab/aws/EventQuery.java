package io.aurorakit.lab.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code DescribeEvents}: the recorded events of a time window (default: the last 60 minutes; RDS keeps 14 days),
 * optionally of one source type and identifier and of some categories, oldest first.
 */
final class EventQuery {

    static final Set<String> SOURCE_TYPES = Set.of("db-instance", "db-parameter-group", "db-security-group",
            "db-snapshot", "db-cluster", "db-cluster-snapshot", "custom-engine-version", "db-proxy",
            "blue-green-deployment", "db-shard-group", "zero-etl");
    private static final Duration RETENTION = Duration.ofDays(14);

    private final String sourceType;
    private final String sourceId;
    private final Instant start;
    private final Instant end;
    private final List<String> categories;

    EventQuery(QueryRequest request) {
        this.sourceType = request.get("SourceType");
        this.sourceId = request.get("SourceIdentifier");
        if (sourceType != null && !SOURCE_TYPES.contains(sourceType)) {
            throw RdsFault.invalidParameterValue("Invalid SourceType: " + sourceType + ". Expected one of "
                    + new java.util.TreeSet<>(SOURCE_TYPES) + ".");
        }
        if (sourceId != null && sourceType == null) {
            throw RdsFault.invalidParameterCombination("SourceType must be specified together with "
                    + "SourceIdentifier.");
        }
        Instant now = Instant.now();
        Instant from = request.instant("StartTime");
        Instant to = request.instant("EndTime");
        Integer minutes = request.integer("Duration");
        if (minutes != null && minutes < 0) {
            throw RdsFault.invalidParameterValue("Duration must be a number of minutes >= 0, but was " + minutes
                    + ".");
        }
        if (from == null && to == null) {
            to = now;
            from = now.minus(Duration.ofMinutes(minutes == null ? 60 : minutes));
        } else if (from == null) {
            from = to.minus(Duration.ofMinutes(minutes == null ? 60 : minutes));
        } else if (to == null) {
            to = minutes == null ? now : from.plus(Duration.ofMinutes(minutes));
        }
        if (from.isAfter(to)) {
            throw RdsFault.invalidParameterCombination("StartTime " + from + " is after EndTime " + to + ".");
        }
        Instant oldest = now.minus(RETENTION);
        this.start = from.isBefore(oldest) ? oldest : from;
        this.end = to;
        this.categories = request.list("EventCategories", "EventCategory");
    }

    boolean matches(ClusterSnapshot cluster, ClusterEvent event) {
        if (event.date().isBefore(start) || event.date().isAfter(end)) {
            return false;
        }
        if (sourceType != null && !sourceType.equals(event.sourceType())) {
            return false;
        }
        if (sourceId != null && !sourceId(cluster).equalsIgnoreCase(event.sourceIdentifier())) {
            return false;
        }
        return categories.isEmpty() || event.categories().stream().anyMatch(categories::contains);
    }

    /** The identifier asked for, an ARN reduced to its id. */
    private String sourceId(ClusterSnapshot cluster) {
        if (RdsOperations.matchesCluster(cluster, sourceId)) {
            return cluster.clusterId();
        }
        return RdsOperations.instanceId(cluster, sourceId);
    }

    void write(ClusterSnapshot cluster, List<ClusterEvent> events, Xml result) {
        result.open("Events");
        for (ClusterEvent event : events) {
            if (matches(cluster, event)) {
                RdsShapes.event(result, cluster, event);
            }
        }
        result.close("Events");
    }
}
