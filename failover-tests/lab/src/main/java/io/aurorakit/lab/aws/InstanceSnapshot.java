package io.aurorakit.lab.aws;

import java.util.Objects;

/**
 * A lab instance as RDS's {@code DBInstance} and {@code DBClusterMember} shapes show it.
 *
 * @param id               the DB instance identifier, e.g. {@code instance-2}
 * @param writer           whether it is the cluster's writer
 * @param promotionTier    0 to 15
 * @param status           {@code available}, {@code rebooting} or {@code failed}
 * @param address          its instance endpoint
 * @param resourceId       its {@code DbiResourceId}: {@code db-} and 26 upper-case letters or digits
 * @param availabilityZone e.g. {@code us-east-1b}
 * @param instanceClass    e.g. {@code db.r6g.large} or {@code db.serverless}
 * @param performanceInsightsEnabled whether its Performance Insights is on (the lab's, for every instance)
 */
public record InstanceSnapshot(String id, boolean writer, int promotionTier, String status, String address,
                               String resourceId, String availabilityZone, String instanceClass,
                               boolean performanceInsightsEnabled) {

    public InstanceSnapshot {
        Objects.requireNonNull(id);
        Objects.requireNonNull(status);
    }
}
