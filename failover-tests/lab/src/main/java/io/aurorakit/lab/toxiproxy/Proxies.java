package io.aurorakit.lab.toxiproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All proxies of a server, by name, with the operations of Toxiproxy's API. Every operation is serialized on this
 * object; none does blocking I/O except closing sockets.
 */
final class Proxies {
    private final Map<String, Proxy> byName = new TreeMap<>();
    /** Java-only upstream gates by proxy name (see {@link ToxiproxyServer#upstreamGate}); not part of the API. */
    private final Map<String, ToxiproxyServer.UpstreamGate> gates = new ConcurrentHashMap<>();
    private final Workers workers;

    Proxies(Workers workers) {
        this.workers = workers;
    }

    /** All proxies, sorted by name. */
    synchronized List<ProxyState> list() {
        List<ProxyState> states = new ArrayList<>();
        byName.values().forEach(proxy -> states.add(proxy.state()));
        return states;
    }

    synchronized ProxyState create(ProxyRequest request) throws ApiException {
        requireFields(request, "");
        if (byName.containsKey(request.name())) {
            throw ApiException.conflict(ApiException.PROXY_EXISTS);
        }
        Proxy proxy = newProxy(request);
        byName.put(proxy.name(), proxy);
        return proxy.state();
    }

    private Proxy newProxy(ProxyRequest request) throws ApiException {
        Proxy proxy = new Proxy(request.name(), request.listen() == null ? "" : request.listen(), request.upstream(),
                workers, gates);
        if (request.enabled() == null || request.enabled()) {
            proxy.start();
        }
        return proxy;
    }

    private static void requireFields(ProxyRequest request, String where) throws ApiException {
        if (request.name() == null || request.name().isEmpty()) {
            throw ApiException.badRequest("missing required field: name" + where);
        }
        if (request.upstream() == null || request.upstream().isEmpty()) {
            throw ApiException.badRequest("missing required field: upstream" + where);
        }
    }

    /**
     * POST /populate: validates all entries first; then each replaces a same-name proxy only if its listen or
     * upstream differ (toxics are lost then), otherwise the existing proxy is kept as it is.
     */
    synchronized List<ProxyState> populate(List<ProxyRequest> requests) throws ApiException {
        for (int i = 0; i < requests.size(); i++) {
            requireFields(requests.get(i), " at proxy " + (i + 1));
        }
        List<ProxyState> result = new ArrayList<>();
        for (ProxyRequest request : requests) {
            try {
                Proxy existing = byName.get(request.name());
                String listen = request.listen() == null ? "" : request.listen();
                if (existing != null && existing.upstream().equals(request.upstream())
                        && existing.sameListen(listen)) {
                    result.add(existing.state());
                    continue;
                }
                if (existing != null) {
                    existing.stop();
                    byName.remove(existing.name());
                }
                Proxy proxy = newProxy(request);
                byName.put(proxy.name(), proxy);
                result.add(proxy.state());
            } catch (ApiException e) {
                throw e.withProxies(result);
            }
        }
        return result;
    }

    synchronized ProxyState get(String name) throws ApiException {
        return proxy(name).state();
    }

    /** POST/PATCH /proxies/{name}: absent fields keep their current value; {@code name} is ignored. */
    synchronized ProxyState update(String name, ProxyRequest request) throws ApiException {
        Proxy proxy = proxy(name);
        proxy.update(request.listen() == null ? proxy.listen() : request.listen(),
                request.upstream() == null ? proxy.upstream() : request.upstream(),
                request.enabled() == null ? proxy.enabled() : request.enabled());
        return proxy.state();
    }

    synchronized void delete(String name) throws ApiException {
        Proxy proxy = proxy(name);
        proxy.stop();
        byName.remove(name);
    }

    synchronized List<ToxicSpec> toxics(String proxyName) throws ApiException {
        return proxy(proxyName).toxics().all();
    }

    synchronized ToxicSpec addToxic(String proxyName, ToxicRequest request) throws ApiException {
        Proxy proxy = proxy(proxyName);
        String stream = request.stream() == null ? "downstream" : request.stream();
        Direction direction = Direction.parse(stream);
        if (direction == null) {
            throw ApiException.badRequest(ApiException.INVALID_STREAM);
        }
        String typeName = request.type() == null ? "" : request.type();
        String name = request.name() == null || request.name().isEmpty() ? typeName + "_" + stream : request.name();
        ToxicType type = ToxicType.fromWireName(typeName);
        if (type == null) {
            throw ApiException.badRequest(ApiException.INVALID_TOXIC_TYPE);
        }
        if (proxy.toxics().find(name) != null) {
            throw ApiException.conflict(ApiException.TOXIC_EXISTS);
        }
        ToxicSpec spec = new ToxicSpec(name, type, direction, stream,
                request.toxicity() == null ? 1f : request.toxicity(),
                request.attributes() == null ? Map.of() : request.attributes());
        proxy.setToxics(proxy.toxics().plus(spec));
        return spec;
    }

    synchronized ToxicSpec toxic(String proxyName, String toxicName) throws ApiException {
        return toxic(proxy(proxyName), toxicName);
    }

    private static ToxicSpec toxic(Proxy proxy, String toxicName) throws ApiException {
        ToxicSpec spec = proxy.toxics().find(toxicName);
        if (spec == null) {
            throw ApiException.notFound(ApiException.TOXIC_NOT_FOUND);
        }
        return spec;
    }

    /** POST/PATCH /proxies/{p}/toxics/{t}: attributes are merged, toxicity kept if absent; name/type/stream fixed. */
    synchronized ToxicSpec updateToxic(String proxyName, String toxicName, ToxicRequest request)
            throws ApiException {
        Proxy proxy = proxy(proxyName);
        ToxicSpec updated = toxic(proxy, toxicName).updated(
                request.attributes() == null ? Map.of() : request.attributes(), request.toxicity());
        proxy.setToxics(proxy.toxics().replacing(updated));
        return updated;
    }

    synchronized void deleteToxic(String proxyName, String toxicName) throws ApiException {
        Proxy proxy = proxy(proxyName);
        toxic(proxy, toxicName);
        proxy.setToxics(proxy.toxics().minus(toxicName));
    }

    /** POST /reset: re-enables every proxy and removes all toxics (closing connections a timeout toxic held). */
    synchronized void reset() throws ApiException {
        for (Proxy proxy : byName.values()) {
            proxy.start();
            proxy.setToxics(ToxicSet.EMPTY);
        }
    }

    /** Sets ({@code gate} non-null) or removes the upstream gate of the proxy named {@code name}. */
    void gate(String name, ToxiproxyServer.UpstreamGate gate) {
        if (gate == null) {
            gates.remove(name);
        } else {
            gates.put(name, gate);
        }
    }

    /** Live connections of the named proxy (accepted, not yet closed, including those held by a gate). */
    synchronized int liveConnections(String name) throws ApiException {
        return proxy(name).connectionCount();
    }

    /** Connections the named proxy has accepted since it was created. */
    synchronized long acceptedConnections(String name) throws ApiException {
        return proxy(name).acceptedCount();
    }

    /** Stops every proxy (used when the server closes). */
    synchronized void stopAll() {
        byName.values().forEach(Proxy::stop);
        byName.clear();
    }

    private Proxy proxy(String name) throws ApiException {
        Proxy proxy = byName.get(name);
        if (proxy == null) {
            throw ApiException.notFound(ApiException.PROXY_NOT_FOUND);
        }
        return proxy;
    }
}
