package io.aurorakit.lab.aws;

/** Writes RDS's {@code DBCluster}, {@code DBInstance} and {@code Event} shapes (the members clients read). */
final class RdsShapes {

    /** The fake AWS account of every lab ARN (the account AWS's own examples use). */
    static final String ACCOUNT = "123456789012";
    static final String ENGINE = "aurora-postgresql";

    private RdsShapes() {
    }

    static String clusterArn(ClusterSnapshot c) {
        return "arn:aws:rds:" + c.region() + ":" + ACCOUNT + ":cluster:" + c.clusterId();
    }

    static String instanceArn(ClusterSnapshot c, String instanceId) {
        return "arn:aws:rds:" + c.region() + ":" + ACCOUNT + ":db:" + instanceId;
    }

    static void cluster(Xml x, ClusterSnapshot c) {
        x.open("DBCluster")
                .leaf("DBClusterIdentifier", c.clusterId())
                .leaf("Status", c.status())
                .leaf("Endpoint", c.endpoint())
                .leaf("ReaderEndpoint", c.readerEndpoint())
                .leaf("MultiAZ", c.instances().size() > 1)
                .leaf("Engine", ENGINE)
                .leaf("EngineVersion", c.engineVersion())
                .leaf("EngineMode", "provisioned")
                .leaf("Port", c.port())
                .leaf("DatabaseName", c.databaseName())
                .leaf("MasterUsername", c.masterUsername())
                .open("DBClusterMembers");
        for (InstanceSnapshot i : c.instances()) {
            x.open("DBClusterMember")
                    .leaf("DBInstanceIdentifier", i.id())
                    .leaf("IsClusterWriter", i.writer())
                    .leaf("DBClusterParameterGroupStatus", "in-sync")
                    .leaf("PromotionTier", i.promotionTier())
                    .close("DBClusterMember");
        }
        x.close("DBClusterMembers")
                .leaf("DbClusterResourceId", c.clusterResourceId())
                .leaf("DBClusterArn", clusterArn(c))
                .leaf("ClusterCreateTime", c.createTime())
                .leaf("StorageEncrypted", false)
                // RDS documents the cluster's flag "only for non-Aurora Multi-AZ DB clusters"; an Aurora cluster's
                // Performance Insights is per instance (DBInstance below)
                .leaf("PerformanceInsightsEnabled", false);
        if (c.masterUserSecretArn() != null) {
            x.open("MasterUserSecret")
                    .leaf("SecretArn", c.masterUserSecretArn())
                    .leaf("SecretStatus", "active")
                    .close("MasterUserSecret");
        }
        if (c.serverless() != null) {
            x.open("ServerlessV2ScalingConfiguration")
                    .leaf("MinCapacity", c.serverless().minCapacity())
                    .leaf("MaxCapacity", c.serverless().maxCapacity())
                    .leaf("SecondsUntilAutoPause", c.serverless().secondsUntilAutoPause())
                    .close("ServerlessV2ScalingConfiguration");
        }
        x.close("DBCluster");
    }

    static void instance(Xml x, ClusterSnapshot c, InstanceSnapshot i) {
        x.open("DBInstance")
                .leaf("DBInstanceIdentifier", i.id())
                .leaf("DBInstanceClass", i.instanceClass())
                .leaf("Engine", ENGINE)
                .leaf("EngineVersion", c.engineVersion())
                .leaf("DBInstanceStatus", i.status())
                .open("Endpoint")
                .leaf("Address", i.address())
                .leaf("Port", c.port())
                .close("Endpoint")
                .leaf("InstanceCreateTime", c.createTime())
                .leaf("AvailabilityZone", i.availabilityZone())
                .leaf("MultiAZ", false)
                .leaf("PubliclyAccessible", false)
                .leaf("DBClusterIdentifier", c.clusterId())
                .leaf("PromotionTier", i.promotionTier())
                .leaf("DbiResourceId", i.resourceId())
                .leaf("DBInstanceArn", instanceArn(c, i.id()))
                .leaf("StorageEncrypted", false)
                .leaf("PerformanceInsightsEnabled", i.performanceInsightsEnabled())
                .close("DBInstance");
    }

    static void event(Xml x, ClusterSnapshot c, ClusterEvent e) {
        x.open("Event")
                .leaf("SourceIdentifier", e.sourceIdentifier())
                .leaf("SourceType", e.sourceType())
                .leaf("Message", e.message())
                .open("EventCategories");
        for (String category : e.categories()) {
            x.leaf("EventCategory", category);
        }
        x.close("EventCategories")
                .leaf("Date", e.date())
                .leaf("SourceArn", ClusterEvent.CLUSTER.equals(e.sourceType()) ? clusterArn(c)
                        : instanceArn(c, e.sourceIdentifier()))
                .close("Event");
    }
}
