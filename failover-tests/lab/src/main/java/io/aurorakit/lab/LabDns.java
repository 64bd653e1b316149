package io.aurorakit.lab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's "DNS": its lines in the shared {@link HostsFile}. Instance endpoints always resolve to their own proxy;
 * the cluster endpoint is an alias of the writer's proxy address and the reader endpoint of one reader's (like
 * Aurora's CNAMEs), re-published by the control plane - after the DNS delay, so the cluster endpoint can be stale.
 */
final class LabDns {

    private final HostsFile hostsFile;
    private final LabNetwork network;
    private final List<PostgresInstance> instances;
    private volatile String clusterTarget;
    private volatile String readerTarget;

    LabDns(HostsFile hostsFile, LabNetwork network, List<PostgresInstance> instances) {
        this.hostsFile = hostsFile;
        this.network = network;
        this.instances = instances;
    }

    /** Points the cluster endpoint at {@code writer} and the reader endpoint at {@code reader}. */
    void publish(PostgresInstance writer, PostgresInstance reader) {
        Map<String, String> names = new LinkedHashMap<>();
        for (PostgresInstance instance : instances) {
            names.put(network.instanceEndpoint(instance.id()), network.proxyAddress(instance.number()));
        }
        names.put(network.clusterEndpoint(), network.proxyAddress(writer.number()));
        names.put(network.readerEndpoint(), network.proxyAddress(reader.number()));
        hostsFile.put(network.labId(), names);
        clusterTarget = writer.id();
        readerTarget = reader.id();
    }

    void remove() {
        hostsFile.remove(network.labId());
    }

    String clusterTarget() {
        return clusterTarget;
    }

    String readerTarget() {
        return readerTarget;
    }
}
