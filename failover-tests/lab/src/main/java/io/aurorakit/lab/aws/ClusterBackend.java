package io.aurorakit.lab.aws;

import java.util.List;

/**
 * What the RDS endpoint needs from a lab: snapshots of the cluster, the events its control plane recorded, and
 * asynchronous failover and reboot. Implemented by {@code AuroraLab}; not meant for users.
 */
public interface ClusterBackend {

    /** The cluster and its instances as they are now. */
    ClusterSnapshot snapshot();

    /** Every event recorded so far, oldest first. */
    List<ClusterEvent> events();

    /**
     * Starts a failover in the background and returns at once, after the cluster's status became
     * {@code failing-over}.
     *
     * @param targetId the reader to promote, or null for the lab's choice (best promotion tier)
     * @throws IllegalStateException if the cluster is not {@code available} (e.g. already failing over)
     */
    void startFailover(String targetId);

    /**
     * Starts a restart in place of the instance in the background and returns at once, after its status became
     * {@code rebooting}.
     *
     * @throws IllegalStateException if the instance is already rebooting
     */
    void startReboot(String instanceId);
}
