package io.aurorakit.lab.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The RDS operations the lab implements; each validates its parameters against a snapshot of the cluster, acts through
 * the {@link ClusterBackend} and writes the content of its {@code <{Op}Result>} element.
 */
final class RdsOperations {

    static final Set<String> ACTIONS = Set.of("FailoverDBCluster", "DescribeDBClusters", "DescribeDBInstances",
            "RebootDBInstance", "DescribeEvents");

    private final ClusterBackend backend;

    RdsOperations(ClusterBackend backend) {
        this.backend = backend;
    }

    /** Runs the action, writing its result's content; throws {@link RdsFault}. */
    void run(String action, QueryRequest request, Xml result) {
        switch (action) {
            case "FailoverDBCluster" -> failoverDbCluster(request, result);
            case "DescribeDBClusters" -> describeDbClusters(request, result);
            case "DescribeDBInstances" -> describeDbInstances(request, result);
            case "RebootDBInstance" -> rebootDbInstance(request, result);
            case "DescribeEvents" -> new EventQuery(request).write(backend.snapshot(), backend.events(), result);
            default -> throw RdsFault.invalidAction(action);
        }
    }

    // ------------------------------------------------------------------------------------------------ operations

    private void failoverDbCluster(QueryRequest request, Xml result) {
        ClusterSnapshot cluster = cluster(request.required("DBClusterIdentifier"));
        String targetId = request.get("TargetDBInstanceIdentifier");
        if (targetId != null) {
            InstanceSnapshot target = cluster.instance(instanceId(cluster, targetId));
            if (target == null) {
                throw RdsFault.invalidParameterValue("Cannot find target instance: " + targetId
                        + ". It is not a member of DB cluster " + cluster.clusterId() + ".");
            }
            if (target.writer()) {
                throw RdsFault.invalidParameterValue("DB instance " + target.id() + " is already the writer of DB "
                        + "cluster " + cluster.clusterId() + "; specify a reader as TargetDBInstanceIdentifier.");
            }
            if (!"available".equals(target.status())) {
                throw RdsFault.invalidInstanceState("DB instance " + target.id() + " is not available for failover "
                        + "(status: " + target.status() + ").");
            }
            targetId = target.id();
        }
        requireAvailable(cluster, "FailoverDBCluster");
        if (cluster.instances().stream().noneMatch(i -> !i.writer() && "available".equals(i.status()))) {
            throw RdsFault.invalidClusterState("DB cluster " + cluster.clusterId() + " has no available reader to "
                    + "fail over to; add or restart a reader first.");
        }
        try {
            backend.startFailover(targetId);
        } catch (IllegalStateException e) {
            throw RdsFault.invalidClusterState("DB cluster " + cluster.clusterId() + " cannot be failed over now: "
                    + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw RdsFault.invalidParameterValue(e.getMessage());
        }
        RdsShapes.cluster(result, backend.snapshot());
    }

    private void describeDbClusters(QueryRequest request, Xml result) {
        ClusterSnapshot cluster = backend.snapshot();
        String id = request.get("DBClusterIdentifier");
        boolean match = id == null || matchesCluster(cluster, id);
        if (!match) {
            throw RdsFault.clusterNotFound(id);
        }
        for (QueryRequest.Filter filter : request.filters()) {
            match &= switch (filter.name()) {
                case "db-cluster-id" -> filter.values().stream().anyMatch(v -> matchesCluster(cluster, v));
                case "db-cluster-resource-id" -> filter.values().contains(cluster.clusterResourceId());
                case "engine" -> filter.values().contains(RdsShapes.ENGINE);
                case "clone-group-id", "domain" -> false;
                default -> throw RdsFault.invalidParameterValue("Unrecognized filter name: " + filter.name()
                        + ". DescribeDBClusters supports db-cluster-id, db-cluster-resource-id and engine.");
            };
        }
        result.open("DBClusters");
        if (match) {
            RdsShapes.cluster(result, cluster);
        }
        result.close("DBClusters");
    }

    private void describeDbInstances(QueryRequest request, Xml result) {
        ClusterSnapshot cluster = backend.snapshot();
        String id = request.get("DBInstanceIdentifier");
        List<InstanceSnapshot> selected = new ArrayList<>(cluster.instances());
        if (id != null) {
            InstanceSnapshot instance = cluster.instance(instanceId(cluster, id));
            if (instance == null) {
                throw RdsFault.instanceNotFound(id);
            }
            selected = new ArrayList<>(List.of(instance));
        }
        for (QueryRequest.Filter filter : request.filters()) {
            switch (filter.name()) {
                case "db-cluster-id" -> {
                    if (filter.values().stream().noneMatch(v -> matchesCluster(cluster, v))) {
                        selected.clear();
                    }
                }
                case "db-instance-id" -> selected.removeIf(i -> filter.values().stream()
                        .noneMatch(v -> i.id().equals(instanceId(cluster, v))));
                case "dbi-resource-id" -> selected.removeIf(i -> !filter.values().contains(i.resourceId()));
                case "engine" -> {
                    if (!filter.values().contains(RdsShapes.ENGINE)) {
                        selected.clear();
                    }
                }
                case "domain" -> selected.clear();
                default -> throw RdsFault.invalidParameterValue("Unrecognized filter name: " + filter.name()
                        + ". DescribeDBInstances supports db-cluster-id, db-instance-id, dbi-resource-id and engine.");
            }
        }
        result.open("DBInstances");
        for (InstanceSnapshot instance : selected) {
            RdsShapes.instance(result, cluster, instance);
        }
        result.close("DBInstances");
    }

    private void rebootDbInstance(QueryRequest request, Xml result) {
        String id = request.required("DBInstanceIdentifier");
        boolean forceFailover = request.bool("ForceFailover", false);
        ClusterSnapshot cluster = backend.snapshot();
        InstanceSnapshot instance = cluster.instance(instanceId(cluster, id));
        if (instance == null) {
            throw RdsFault.instanceNotFound(id);
        }
        if ("rebooting".equals(instance.status()) || !"available".equals(cluster.status())) {
            throw RdsFault.invalidInstanceState("DB instance " + instance.id() + " is not in a state to be "
                    + "rebooted (instance: " + instance.status() + ", cluster " + cluster.clusterId() + ": "
                    + cluster.status() + ").");
        }
        if (forceFailover && !instance.writer()) {
            throw RdsFault.invalidParameterCombination("ForceFailover is only valid for the writer of DB cluster "
                    + cluster.clusterId() + "; " + instance.id() + " is a reader. Reboot it without ForceFailover.");
        }
        try {
            if (forceFailover) {
                if (cluster.instances().stream().noneMatch(i -> !i.writer() && "available".equals(i.status()))) {
                    throw RdsFault.invalidParameterCombination("ForceFailover needs an available reader in DB "
                            + "cluster " + cluster.clusterId() + "; it has none.");
                }
                backend.startFailover(null);
            } else {
                backend.startReboot(instance.id());
            }
        } catch (IllegalStateException e) {
            throw RdsFault.invalidInstanceState("DB instance " + instance.id() + " cannot be rebooted now: "
                    + e.getMessage());
        }
        ClusterSnapshot after = backend.snapshot();
        RdsShapes.instance(result, after, after.instance(instance.id()));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private ClusterSnapshot cluster(String idOrArn) {
        ClusterSnapshot cluster = backend.snapshot();
        if (!matchesCluster(cluster, idOrArn)) {
            throw RdsFault.clusterNotFound(idOrArn);
        }
        return cluster;
    }

    private static void requireAvailable(ClusterSnapshot cluster, String action) {
        if (!"available".equals(cluster.status())) {
            throw RdsFault.invalidClusterState("DB cluster " + cluster.clusterId() + " is in " + cluster.status()
                    + " state; " + action + " needs it available.");
        }
    }

    /** The id itself or its ARN (identifiers are case-insensitive in RDS). */
    static boolean matchesCluster(ClusterSnapshot cluster, String idOrArn) {
        return cluster.clusterId().equalsIgnoreCase(idOrArn) || RdsShapes.clusterArn(cluster).equals(idOrArn);
    }

    /** An instance id from an id or an ARN, lower-cased as RDS stores identifiers. */
    static String instanceId(ClusterSnapshot cluster, String idOrArn) {
        String prefix = RdsShapes.instanceArn(cluster, "");
        String id = idOrArn.startsWith(prefix) ? idOrArn.substring(prefix.length()) : idOrArn;
        return id.toLowerCase(java.util.Locale.ROOT);
    }
}
