package io.aurorakit.failover;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.aurorakit.lab.AuroraLab;
import java.io.IOException;
import java.net.URI;

/**
 * The toxiproxy-java {@link Proxy} in front of a lab instance, for faults the lab's control plane does not offer
 * (reset_peer, a disabled proxy): the lab exposes only its embedded Toxiproxy server's URL, not toxiproxy-java types.
 */
final class LabToxiproxy {

    private LabToxiproxy() {
    }

    /** The proxy in front of the instance (named by its instance id), through a client of the lab's server. */
    static Proxy proxy(AuroraLab lab, String instanceId) throws IOException {
        URI api = lab.toxiproxyUrl();
        return new ToxiproxyClient(api.getHost(), api.getPort()).getProxy(instanceId);
    }
}
