package io.aurorakit.lab;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.aurorakit.lab.toxiproxy.ToxiproxyServer;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One proxy of the lab's embedded Toxiproxy server in front of each instance ({@code 127.a.b.N:P} to
 * {@code 127.a.b.(100+N):P}); all client traffic to an instance endpoint flows through it, so network faults are
 * injected here. The lab's own toxics are prefixed {@value #PREFIX}; fence, isolation and latency toxics are
 * independent of each other (healing an isolation keeps a failover fence, and the reverse).
 */
final class InstanceProxies implements AutoCloseable {

    static final String PREFIX = "aurora-lab-";
    private static final String FENCE = PREFIX + "fence";
    private static final String ISOLATE = PREFIX + "isolate";
    private static final String LATENCY = PREFIX + "latency";
    /** How long a black hole holds back the server's close from its clients: longer than any test or drill. */
    private static final Duration HOLD_CLOSE = Duration.ofHours(1);

    private final ToxiproxyServer server;
    private final ToxiproxyClient client;
    private final Map<String, Proxy> proxies;

    private InstanceProxies(ToxiproxyServer server, ToxiproxyClient client, Map<String, Proxy> proxies) {
        this.server = server;
        this.client = client;
        this.proxies = proxies;
    }

    static InstanceProxies start(LabNetwork network, List<PostgresInstance> instances) {
        ToxiproxyServer server;
        try {
            server = ToxiproxyServer.start(network.apiAddress(), 0);
        } catch (Exception e) {
            throw new AuroraLabException("cannot start the embedded Toxiproxy server on " + network.apiAddress(), e);
        }
        try {
            ToxiproxyClient client = new ToxiproxyClient(server.host(), server.apiPort());
            Map<String, Proxy> proxies = new LinkedHashMap<>();
            for (PostgresInstance instance : instances) {
                proxies.put(instance.id(), client.createProxy(instance.id(),
                        network.proxyAddress(instance.number()) + ":" + network.port(),
                        instance.address() + ":" + instance.port()));
            }
            return new InstanceProxies(server, client, proxies);
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            throw new AuroraLabException("cannot create the instance proxies on " + network, e);
        }
    }

    ToxiproxyClient client() {
        return client;
    }

    Proxy proxy(String instanceId) {
        Proxy proxy = proxies.get(instanceId);
        if (proxy == null) {
            throw new IllegalArgumentException("instance id '" + instanceId + "' is unknown; expected one of "
                    + proxies.keySet());
        }
        return proxy;
    }

    /**
     * Fences an instance: hard = a black hole in both directions (connections hang, no RST, like Aurora), soft =
     * the proxy is disabled (existing connections are closed, new ones refused).
     */
    void fence(String instanceId, boolean hard) throws IOException {
        if (hard) {
            blackHole(instanceId, FENCE);
        } else {
            proxy(instanceId).disable();
        }
    }

    /** Removes a fence of either kind. */
    void unfence(String instanceId) throws IOException {
        removeToxics(instanceId, FENCE);
        proxy(instanceId).enable();
    }

    /** Black-holes the instance's client traffic (timeout toxic of 0 = hold forever, both directions). */
    void isolate(String instanceId) throws IOException {
        blackHole(instanceId, ISOLATE);
    }

    /** Removes isolation and latency (closing the connections the black hole held); a failover fence stays. */
    void heal(String instanceId) throws IOException {
        removeToxics(instanceId, ISOLATE);
        removeToxics(instanceId, LATENCY);
    }

    /** Adds latency to the instance's responses; {@link Duration#ZERO} removes it. */
    void latency(String instanceId, Duration latency) throws IOException {
        removeToxics(instanceId, LATENCY);
        if (!latency.isZero()) {
            proxy(instanceId).toxics().latency(LATENCY + "-down", ToxicDirection.DOWNSTREAM, latency.toMillis());
        }
    }

    private void blackHole(String instanceId, String prefix) throws IOException {
        removeToxics(instanceId, prefix);
        Proxy proxy = proxy(instanceId);
        // First in the server-to-client chain: holds the server's close, so a fenced instance that is stopped or
        // killed sends its clients nothing at all - no FIN, no RST - as with Aurora's hard fence. (Toxiproxy's
        // timeout toxic alone closes the client when the server closes.)
        proxy.toxics().slowClose(prefix + "-hold", ToxicDirection.DOWNSTREAM, HOLD_CLOSE.toMillis());
        proxy.toxics().timeout(prefix + "-up", ToxicDirection.UPSTREAM, 0);
        proxy.toxics().timeout(prefix + "-down", ToxicDirection.DOWNSTREAM, 0);
    }

    private void removeToxics(String instanceId, String prefix) throws IOException {
        for (Toxic toxic : proxy(instanceId).toxics().getAll()) {
            if (toxic.getName().startsWith(prefix + "-")) {
                toxic.remove();
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
    }

    private static void closeQuietly(ToxiproxyServer server) {
        try {
            server.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(InstanceProxies.class).warn("closing the Toxiproxy server failed: {}",
                    e.toString());
        }
    }
}
