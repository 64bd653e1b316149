package io.aurorakit.lab.toxiproxy;

/** A proxy as sent to POST /proxies, /populate or an update; null fields were absent. */
record ProxyRequest(String name, String listen, String upstream, Boolean enabled) {
}
