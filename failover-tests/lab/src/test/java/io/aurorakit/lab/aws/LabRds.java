package io.aurorakit.lab.aws;

import java.time.Duration;
import java.util.function.Predicate;

import io.aurorakit.lab.AuroraLab;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;

/** The real AWS SDK for Java v2 against a lab's RDS endpoint, and polling helpers. */
final class LabRds {

    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    private LabRds() {
    }

    /** An RdsClient with dummy keys (the lab accepts any SigV4 signature). */
    static RdsClient client(AuroraLab lab) {
        return RdsClient.builder()
                .endpointOverride(lab.rdsEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDLABDUMMY", "lab-dummy-secret")))
                .build();
    }

    static DBCluster describe(RdsClient rds, AuroraLab lab) {
        return rds.describeDBClusters(b -> b.dbClusterIdentifier(lab.clusterIdentifier())).dbClusters().get(0);
    }

    static String writerOf(DBCluster cluster) {
        return cluster.dbClusterMembers().stream().filter(DBClusterMember::isClusterWriter)
                .map(DBClusterMember::dbInstanceIdentifier).findFirst().orElseThrow();
    }

    /** Polls DescribeDBClusters every 50 ms until the condition holds; fails after {@link #SETTLE_TIMEOUT}. */
    static DBCluster awaitCluster(RdsClient rds, AuroraLab lab, Predicate<DBCluster> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        DBCluster last;
        do {
            last = describe(rds, lab);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("DescribeDBClusters did not show " + what + " within " + SETTLE_TIMEOUT
                + "; last: status " + last.status() + ", members " + last.dbClusterMembers());
    }

    /** Waits until the cluster is available and every instance is available too. */
    static void awaitSettled(RdsClient rds, AuroraLab lab) throws InterruptedException {
        awaitCluster(rds, lab, c -> "available".equals(c.status()), "status available");
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (rds.describeDBInstances().dbInstances().stream()
                .anyMatch(i -> !"available".equals(i.dbInstanceStatus()))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("instances not available within " + SETTLE_TIMEOUT + ": "
                        + rds.describeDBInstances().dbInstances());
            }
            Thread.sleep(50);
        }
    }
}
