package io.aurorakit.lab;

import io.aurorakit.lab.aws.ClusterEvent;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What RDS would show about the lab's control plane: the events Aurora publishes as it acts (failover and
 * availability events, with Aurora's messages and ids), whether the cluster is failing over and which instances are
 * rebooting, and the stable resource ids and Availability Zones of the instances. The control plane writes it as it
 * acts, whoever asked (Java or the RDS API); {@link LabRdsBackend} reads it.
 */
final class RdsActivity {

    static final String[] AVAILABILITY_ZONES = {"us-east-1a", "us-east-1b", "us-east-1c"};
    private static final String RESOURCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int RESOURCE_ID_LENGTH = 26;

    private final String clusterId;
    private final String clusterResourceId;
    private final Map<String, String> resourceIds = new LinkedHashMap<>();
    private final List<ClusterEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> rebooting = new HashMap<>(); // guarded by this
    private int failovers; // guarded by this

    RdsActivity(String clusterId, List<String> instanceIds) {
        SecureRandom random = new SecureRandom();
        this.clusterId = clusterId;
        this.clusterResourceId = "cluster-" + randomId(random);
        for (String id : instanceIds) {
            resourceIds.put(id, "db-" + randomId(random));
        }
    }

    private static String randomId(SecureRandom random) {
        return LabCredentials.randomText(random, RESOURCE_ALPHABET, RESOURCE_ID_LENGTH);
    }

    String clusterId() {
        return clusterId;
    }

    String clusterResourceId() {
        return clusterResourceId;
    }

    /** {@code db-} and 26 upper-case letters or digits, fixed for the lab's lifetime. */
    String resourceId(String instanceId) {
        String id = resourceIds.get(instanceId);
        if (id == null) {
            throw new IllegalArgumentException("instance id '" + instanceId + "' is unknown; expected one of "
                    + resourceIds.keySet());
        }
        return id;
    }

    /** Instance N lives in us-east-1a, -1b, -1c, -1a, ... */
    static String availabilityZone(int instanceNumber) {
        return AVAILABILITY_ZONES[(instanceNumber - 1) % AVAILABILITY_ZONES.length];
    }

    // ------------------------------------------------------------------------------------------------ status

    /** Marks a failover away from {@code writerId} as running: cluster {@code failing-over}, the writer rebooting. */
    synchronized void failoverBegan(String writerId) {
        failovers++;
        rebootBegan(writerId);
    }

    synchronized void failoverEnded(String writerId) {
        failovers--;
        rebootEnded(writerId);
    }

    /** Marks a failover as running unless one already is (or the writer is rebooting); false then. */
    synchronized boolean tryBeginFailover(String writerId) {
        if (failovers > 0 || rebooting(writerId)) {
            return false;
        }
        failoverBegan(writerId);
        return true;
    }

    synchronized void rebootBegan(String instanceId) {
        rebooting.merge(instanceId, 1, Integer::sum);
    }

    synchronized void rebootEnded(String instanceId) {
        rebooting.computeIfPresent(instanceId, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** Marks the instance as rebooting unless it already is (or a failover runs); false then. */
    synchronized boolean tryBeginReboot(String instanceId) {
        if (failovers > 0 || rebooting(instanceId)) {
            return false;
        }
        rebootBegan(instanceId);
        return true;
    }

    synchronized boolean failingOver() {
        return failovers > 0;
    }

    synchronized boolean rebooting(String instanceId) {
        return rebooting.containsKey(instanceId);
    }

    // ------------------------------------------------------------------------------------------------ events

    List<ClusterEvent> events() {
        return List.copyOf(events);
    }

    /** RDS-EVENT-0073 (cross AZ) or RDS-EVENT-0072 (same AZ). */
    void failoverStarted(String targetId, boolean sameAz) {
        cluster(sameAz ? "RDS-EVENT-0072" : "RDS-EVENT-0073",
                "Started " + (sameAz ? "same" : "cross") + " AZ failover to DB instance: " + targetId);
    }

    /** RDS-EVENT-0071. */
    void failoverCompleted(String targetId) {
        cluster("RDS-EVENT-0071", "Completed failover to DB instance: " + targetId);
    }

    /** RDS-EVENT-0069. */
    void failoverFailed() {
        cluster("RDS-EVENT-0069", "Cluster failover failed, check the health of your cluster instances and try "
                + "again.");
    }

    /** RDS-EVENT-0004, category availability. */
    void shutdown(String instanceId) {
        instance(instanceId, "RDS-EVENT-0004", "availability", "DB instance shutdown.");
    }

    /** RDS-EVENT-0006, category availability. */
    void restarted(String instanceId) {
        instance(instanceId, "RDS-EVENT-0006", "availability", "DB instance restarted.");
    }

    private void cluster(String eventId, String message) {
        events.add(new ClusterEvent(Instant.now(), ClusterEvent.CLUSTER, clusterId, eventId, List.of("failover"),
                message));
    }

    private void instance(String instanceId, String eventId, String category, String message) {
        events.add(new ClusterEvent(Instant.now(), ClusterEvent.INSTANCE, instanceId, eventId, List.of(category),
                message));
    }

    @Override
    public synchronized String toString() {
        return "RdsActivity[" + clusterId + ", " + events.size() + " events, failovers " + failovers + ", rebooting "
                + rebooting.keySet() + "]";
    }
}
