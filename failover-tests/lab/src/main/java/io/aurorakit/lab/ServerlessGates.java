package io.aurorakit.lab;

import io.aurorakit.lab.toxiproxy.ToxiproxyServer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One upstream gate per instance proxy, the way Aurora holds a client while a paused instance resumes: while an
 * instance is pausing, paused or resuming its gate is closed, and a new client connection - TCP connect accepted,
 * nothing answered - waits at it, asking for a resume ({@code onRequest}), until the gate opens (then it reaches
 * PostgreSQL) or the resume fails (then the client is closed). Connections that already reached PostgreSQL are not
 * affected by the gate. All waiting is on this object's monitor.
 */
final class ServerlessGates implements ToxiproxyServer.UpstreamGate {

    private static final class Gate {
        private volatile boolean open = true;
        private int failures; // guarded by the gates' monitor
    }

    private final Map<String, Gate> gates;
    private final Consumer<String> onRequest;
    private boolean closed; // guarded by this

    /**
     * @param ids       the instance ids, which are also their proxies' names
     * @param onRequest called (under this object's monitor, so it must not block) with an instance id when a
     *                  connection waits at its closed gate
     */
    ServerlessGates(List<String> ids, Consumer<String> onRequest) {
        this.gates = ids.stream().collect(Collectors.toUnmodifiableMap(id -> id, id -> new Gate()));
        this.onRequest = onRequest;
    }

    @Override
    public void awaitOpen(String proxyName) throws IOException {
        Gate gate = gates.get(proxyName);
        if (gate == null || gate.open) {
            return;
        }
        synchronized (this) {
            int failures = gate.failures;
            if (!gate.open && !closed) {
                onRequest.accept(proxyName);
            }
            while (!gate.open) {
                if (closed) {
                    throw new IOException("the lab is closing; " + proxyName + " does not resume");
                }
                if (gate.failures != failures) {
                    throw new IOException("resuming " + proxyName + " failed");
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while " + proxyName + " resumes");
                }
            }
        }
    }

    /** Whether new connections to the instance pass at once. */
    boolean isOpen(String id) {
        return gate(id).open;
    }

    /** New connections to the instance wait from now on. */
    synchronized void close(String id) {
        gate(id).open = false;
    }

    /** New and waiting connections to the instance pass. */
    synchronized void open(String id) {
        gate(id).open = true;
        notifyAll();
    }

    /** The connections waiting at these (still closed) gates give up: their clients are closed. */
    synchronized void fail(Collection<String> ids) {
        for (String id : ids) {
            gate(id).failures++;
        }
        notifyAll();
    }

    /** Every waiting and future connection at a closed gate gives up (the lab closes). */
    synchronized void shutdown() {
        closed = true;
        notifyAll();
    }

    private Gate gate(String id) {
        Gate gate = gates.get(id);
        if (gate == null) {
            throw new IllegalArgumentException("no serverless gate for instance '" + id + "'");
        }
        return gate;
    }
}
