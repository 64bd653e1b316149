package io.aurorakit.lab;

import io.aurorakit.lab.aws.ClusterBackend;
import io.aurorakit.lab.aws.ClusterEvent;
import io.aurorakit.lab.aws.ClusterSnapshot;
import io.aurorakit.lab.aws.InstanceSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab as the RDS endpoint sees it: snapshots of the cluster from the control plane and {@link RdsActivity}, and
 * asynchronous failover and reboot - the request returns once the status says {@code failing-over} or
 * {@code rebooting}, and the control plane acts on one background thread, as RDS does.
 */
final class LabRdsBackend implements ClusterBackend, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LabRdsBackend.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 30;
    static final String REGION = "us-east-1";
    static final String PROVISIONED_CLASS = "db.r6g.large";

    private final LabNetwork network;
    private final FailoverController controller;
    private final RdsActivity activity;
    private final String engineVersion;
    private final Instant createTime;
    private final ServerlessConfig serverless;
    private final String masterUsername;
    private final LabSecret secret;
    private final boolean performanceInsights;
    private final ExecutorService actions;

    LabRdsBackend(LabNetwork network, FailoverController controller, RdsActivity activity, String engineVersion,
                  Instant createTime, ServerlessConfig serverless, String masterUsername, LabSecret secret,
                  boolean performanceInsights) {
        this.network = network;
        this.controller = controller;
        this.activity = activity;
        this.engineVersion = engineVersion;
        this.createTime = createTime;
        this.serverless = serverless;
        this.masterUsername = masterUsername;
        this.secret = secret;
        this.performanceInsights = performanceInsights;
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "aurora-lab-rds-action");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.actions = executor;
    }

    @Override
    public ClusterSnapshot snapshot() {
        PostgresInstance writer = controller.writer();
        List<InstanceSnapshot> members = new ArrayList<>();
        for (PostgresInstance i : controller.instances()) {
            String status = activity.rebooting(i.id()) ? "rebooting"
                    : i.running() || i.paused() ? "available" : "failed";
            members.add(new InstanceSnapshot(i.id(), i == writer, i.tier(), status, network.instanceEndpoint(i.id()),
                    activity.resourceId(i.id()), RdsActivity.availabilityZone(i.number()),
                    serverless == null ? PROVISIONED_CLASS : "db.serverless", performanceInsights));
        }
        ClusterSnapshot.Serverless scaling = serverless == null ? null : new ClusterSnapshot.Serverless(
                serverless.minAcu(), serverless.maxAcu(), serverless.autoPause().toSeconds());
        return new ClusterSnapshot(activity.clusterId(), activity.failingOver() ? "failing-over" : "available",
                network.clusterEndpoint(), network.readerEndpoint(), network.port(), AuroraLab.DATABASE, engineVersion,
                activity.clusterResourceId(), REGION, createTime, scaling, masterUsername, secret.arn(), members);
    }

    @Override
    public List<ClusterEvent> events() {
        return activity.events();
    }

    @Override
    public void startFailover(String targetId) {
        String oldWriter = controller.writer().id();
        if (!activity.tryBeginFailover(oldWriter)) {
            throw new IllegalStateException("a failover is in progress or the writer " + oldWriter + " is rebooting");
        }
        submit("failover", () -> {
            try {
                controller.failover(targetId);
            } catch (IllegalArgumentException | IllegalStateException e) {
                activity.failoverFailed(); // refused before it began (e.g. the target stopped meanwhile)
                throw e;
            } finally {
                activity.failoverEnded(oldWriter);
            }
        }, () -> activity.failoverEnded(oldWriter));
    }

    @Override
    public void startReboot(String instanceId) {
        PostgresInstance instance = controller.instance(instanceId);
        if (!activity.tryBeginReboot(instance.id())) {
            throw new IllegalStateException("it is rebooting already, or the cluster is failing over");
        }
        submit("reboot " + instance.id(), () -> {
            try {
                controller.restart(instance.id());
            } finally {
                activity.rebootEnded(instance.id());
            }
        }, () -> activity.rebootEnded(instance.id()));
    }

    private void submit(String what, Runnable action, Runnable undo) {
        try {
            actions.execute(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn("RDS API {} failed: {}", what, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            undo.run();
            throw new IllegalStateException("the lab is closing");
        }
    }

    /** Interrupts a running action and waits for it to end, so that nothing starts PostgreSQL after the lab closes. */
    @Override
    public void close() {
        actions.shutdownNow();
        try {
            if (!actions.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("an RDS API action is still running {} s after close", CLOSE_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
