package io.aurorakit.drill;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.SourceType;

/**
 * {@code --trigger rds}: the failover an operator's runbook makes, through the RDS API (AWS SDK v2, standard credential
 * chain): {@code FailoverDBCluster}, then {@code DescribeDBClusters} until the cluster is {@code available} with a new
 * writer, and {@code DescribeEvents} for what the control plane says, all put on the drill's timeline.
 */
final class RdsTrigger implements AutoCloseable {

    /** How often the cluster and its events are read while the failover runs (the runbook's loop). */
    static final Duration POLL = Duration.ofMillis(500);

    private final RdsTriggerOptions options;
    private final RdsClient rds;

    RdsTrigger(RdsTriggerOptions options) {
        this.options = options;
        RdsClientBuilder builder = RdsClient.builder();
        options.region().ifPresent(r -> builder.region(Region.of(r)));
        options.endpoint().ifPresent(builder::endpointOverride);
        try {
            this.rds = builder.build();
        } catch (SdkClientException e) {
            throw new ClusterPreCheck.Failure("--region: " + oneLine(e) + " (give --region or set AWS_REGION)",
                    DrillCommand.USAGE);
        }
    }

    /**
     * Checks that the cluster exists, is {@code available} and has the {@code --target} as a reader.
     *
     * @return the writer's instance identifier as RDS reports it
     * @throws ClusterPreCheck.Failure one line and the exit code: 2 for a cluster or target that does not exist or
     *                                 missing credentials, 1 for a cluster that cannot fail over now
     */
    String check() {
        DBCluster cluster = describe();
        if (!"available".equals(cluster.status())) {
            throw new ClusterPreCheck.Failure("--cluster-id " + options.clusterId() + ": the cluster is '"
                    + cluster.status() + "', not 'available'; a failover cannot start now", DrillCommand.FAIL);
        }
        String writer = writer(cluster).orElseThrow(() -> new ClusterPreCheck.Failure("--cluster-id "
                + options.clusterId() + ": the cluster has no writer", DrillCommand.FAIL));
        options.target().ifPresent(target -> {
            if (cluster.dbClusterMembers().stream().noneMatch(m -> m.dbInstanceIdentifier().equals(target))) {
                throw new ClusterPreCheck.Failure("--target " + target + ": not an instance of cluster "
                        + options.clusterId() + " (members: " + cluster.dbClusterMembers().stream()
                        .map(DBClusterMember::dbInstanceIdentifier).toList() + ")", DrillCommand.USAGE);
            }
            if (target.equals(writer)) {
                throw new ClusterPreCheck.Failure("--target " + target + ": already the writer; name a reader",
                        DrillCommand.USAGE);
            }
        });
        return writer;
    }

    /**
     * Starts the failover and follows it until RDS reports the cluster {@code available} with a writer other than
     * {@code oldWriter}, putting each status change and control-plane event on the timeline.
     */
    String failover(String oldWriter, DrillRecorder recorder, Duration wait) throws InterruptedException {
        Instant requested = Instant.now();
        call(() -> rds.failoverDBCluster(b -> {
            b.dbClusterIdentifier(options.clusterId());
            options.target().ifPresent(b::targetDBInstanceIdentifier);
        }));
        recorder.faultInjected();
        recorder.event("FailoverDBCluster requested" + options.target().map(t -> " (target " + t + ")").orElse(""),
                "rds");
        Set<String> seenEvents = new HashSet<>();
        String status = null;
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            DBCluster cluster = describe();
            Optional<String> writer = writer(cluster);
            if (!cluster.status().equals(status)) {
                status = cluster.status();
                recorder.event("RDS: cluster " + status + writer.map(w -> ", writer " + w).orElse(""), "rds");
            }
            for (Event e : events(requested)) {
                String key = e.date() + " " + e.message();
                if (seenEvents.add(key)) {
                    recorder.event("RDS event: " + e.message() + " (" + String.join(", ", e.eventCategories()) + ")",
                            "rds", e.date());
                }
            }
            if ("available".equals(status) && writer.isPresent() && !writer.get().equals(oldWriter)) {
                return writer.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("RDS did not report cluster " + options.clusterId() + " available"
                        + " with a new writer within " + wait.toSeconds() + " s (--manual-wait); last status "
                        + status);
            }
            TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
        }
    }

    /**
     * The instance's {@code DbiResourceId} (the id Performance Insights knows it by), if RDS lists the instance with
     * Performance Insights on.
     */
    Optional<String> performanceInsightsResourceId(String instanceId) {
        return call(() -> rds.describeDBInstances(b -> b.dbInstanceIdentifier(instanceId)).dbInstances()).stream()
                .filter(i -> !Boolean.FALSE.equals(i.performanceInsightsEnabled()))
                .map(i -> i.dbiResourceId()).filter(id -> id != null && !id.isEmpty()).findFirst();
    }

    private DBCluster describe() {
        List<DBCluster> clusters = call(() -> rds.describeDBClusters(b -> b.dbClusterIdentifier(options.clusterId()))
                .dbClusters());
        if (clusters.isEmpty()) {
            throw notFound();
        }
        return clusters.get(0);
    }

    private List<Event> events(Instant since) {
        return call(() -> rds.describeEvents(b -> b.sourceType(SourceType.DB_CLUSTER)
                .sourceIdentifier(options.clusterId()).startTime(since.minusSeconds(1))).events());
    }

    private static Optional<String> writer(DBCluster cluster) {
        return cluster.dbClusterMembers().stream().filter(m -> Boolean.TRUE.equals(m.isClusterWriter()))
                .map(DBClusterMember::dbInstanceIdentifier).findFirst();
    }

    /** Runs an RDS call, turning what a user can fix into one line with an exit code. */
    private <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (DbClusterNotFoundException e) {
            throw notFound();
        } catch (RdsException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            throw new ClusterPreCheck.Failure("--cluster-id " + options.clusterId() + ": RDS refused (" + code + "): "
                    + (e.awsErrorDetails() == null ? oneLine(e) : e.awsErrorDetails().errorMessage()),
                    DrillCommand.FAIL);
        } catch (SdkClientException e) {
            String message = oneLine(e);
            boolean credentials = message.contains("credentials");
            throw new ClusterPreCheck.Failure((credentials ? "--trigger rds: no AWS credentials found (the standard"
                    + " chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws, SSO, instance role): " : "--trigger"
                    + " rds: cannot reach the RDS API" + options.endpoint().map(u -> " at " + u).orElse("") + ": ")
                    + message, credentials ? DrillCommand.USAGE : DrillCommand.FAIL);
        }
    }

    private ClusterPreCheck.Failure notFound() {
        return new ClusterPreCheck.Failure("--cluster-id " + options.clusterId() + ": no such DB cluster"
                + options.region().map(r -> " in " + r).orElse("") + " (DBClusterNotFoundFault)", DrillCommand.USAGE);
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    @Override
    public void close() {
        rds.close();
    }

    /**
     * What {@code --trigger rds} was given.
     *
     * @param piEndpoint where the report reads Performance Insights ({@code AWS_ENDPOINT_URL_PI}); default AWS's
     */
    record RdsTriggerOptions(String clusterId, Optional<String> target, Optional<String> region,
            Optional<URI> endpoint, Optional<URI> piEndpoint) {
    }
}
