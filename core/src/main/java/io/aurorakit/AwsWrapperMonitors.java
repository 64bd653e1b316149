package io.aurorakit;

import java.util.List;
import software.amazon.jdbc.HostSpec;
import software.amazon.jdbc.hostlistprovider.ClusterTopologyMonitorImpl;
import software.amazon.jdbc.hostlistprovider.Topology;
import software.amazon.jdbc.plugin.efm.v2.HostMonitorV2Impl;
import software.amazon.jdbc.plugin.strategy.fastestresponse.NodeResponseTimeMonitor;
import software.amazon.jdbc.util.CoreServicesContainer;
import software.amazon.jdbc.util.monitoring.MonitorService;
import software.amazon.jdbc.util.storage.StorageService;

/**
 * {@link MonitorIdleRelease.WrapperMonitors} on the AWS wrapper 4.3.0's JVM-wide services
 * ({@code CoreServicesContainer}), which every wrapper connection's monitors are registered with.
 */
final class AwsWrapperMonitors implements MonitorIdleRelease.WrapperMonitors {

    /**
     * {@code MonitorServiceImpl.stopAndRemove} removes the monitor of that class and key from the cache (the next
     * {@code runIfAbsent} creates a new one) and then stops it: its thread ends and it closes its connections
     * (monitoring connection, and the per-instance connections of a failover in progress). The topology is read
     * without registering a data access ({@code get(..., false)}), then removed.
     */
    @Override
    public List<String> stopTopologyMonitor(String clusterId) {
        CoreServicesContainer services = CoreServicesContainer.getInstance();
        StorageService storage = services.getStorageService();
        Topology topology = storage.get(Topology.class, clusterId, false);
        services.getMonitorService().stopAndRemove(ClusterTopologyMonitorImpl.class, clusterId);
        storage.remove(Topology.class, clusterId);
        return topology == null ? List.of() : topology.getHosts().stream().map(HostSpec::getUrl).toList();
    }

    /**
     * {@code MonitorService.get} returns the monitor unless it has already expired (then the wrapper's own cleanup,
     * every 60 s, disposes of it); {@code canDispose()} is true when no connection is being watched.
     */
    @Override
    public boolean stopIdleFailureDetection(String key) {
        MonitorService monitors = CoreServicesContainer.getInstance().getMonitorService();
        HostMonitorV2Impl monitor = monitors.get(HostMonitorV2Impl.class, key);
        if (monitor == null || !monitor.canDispose()) {
            return false;
        }
        monitors.stopAndRemove(HostMonitorV2Impl.class, key);
        return true;
    }

    /**
     * {@code HostResponseTimeServiceImpl.setHosts} registers one {@code NodeResponseTimeMonitor} per instance under
     * {@code HostSpec.getUrl()}; a new wrapper connection's plugin registers them again.
     */
    @Override
    public boolean stopResponseTimeMonitor(String url) {
        MonitorService monitors = CoreServicesContainer.getInstance().getMonitorService();
        if (monitors.get(NodeResponseTimeMonitor.class, url) == null) {
            return false;
        }
        monitors.stopAndRemove(NodeResponseTimeMonitor.class, url);
        return true;
    }
}
