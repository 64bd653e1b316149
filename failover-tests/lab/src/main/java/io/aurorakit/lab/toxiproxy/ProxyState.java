package io.aurorakit.lab.toxiproxy;

import java.util.List;

/** A consistent snapshot of one proxy for an API response. */
record ProxyState(String name, String listen, String upstream, boolean enabled, List<ToxicSpec> toxics) {
}
