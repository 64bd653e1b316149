package io.aurorakit.lab.aws;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A lab cluster as RDS's {@code DBCluster} shape shows it.
 *
 * @param clusterId            the DB cluster identifier, e.g. {@code lab}
 * @param status               {@code available} or {@code failing-over}
 * @param endpoint             the cluster (writer) endpoint
 * @param readerEndpoint       the reader endpoint
 * @param port                 the port of every endpoint
 * @param databaseName         the database clients use
 * @param engineVersion        e.g. {@code 15.14}
 * @param clusterResourceId    {@code cluster-} and 26 upper-case letters or digits
 * @param region               e.g. {@code us-east-1}
 * @param createTime           when the lab started
 * @param serverless           the Serverless v2 scaling configuration, or null when provisioned
 * @param masterUsername       the clients' user
 * @param masterUserSecretArn  the ARN of the Secrets Manager secret holding its password, or null
 * @param instances            the members, in id order
 */
public record ClusterSnapshot(String clusterId, String status, String endpoint, String readerEndpoint, int port,
                              String databaseName, String engineVersion, String clusterResourceId, String region, Instant createTime,
                              Serverless serverless, String masterUsername, String masterUserSecretArn,
                              List<InstanceSnapshot> instances) {

    /** The Serverless v2 range in ACU and the auto-pause delay in seconds. */
    public record Serverless(double minCapacity, double maxCapacity, long secondsUntilAutoPause) {
    }

    public ClusterSnapshot {
        Objects.requireNonNull(clusterId);
        Objects.requireNonNull(status);
        instances = List.copyOf(instances);
    }

    /** The instance with this id, or null. */
    public InstanceSnapshot instance(String id) {
        for (InstanceSnapshot i : instances) {
            if (i.id().equals(id)) {
                return i;
            }
        }
        return null;
    }
}
