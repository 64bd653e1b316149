package io.aurorakit.lab.toxiproxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named proxy: its TCP listener, its live connections and its toxics.
 *
 * <p>API operations are serialized by the caller ({@link Proxies}); the accept thread only touches
 * {@code stateLock}, so stopping never waits on the API and vice versa. Stopping closes the listener and both
 * sockets of every live connection before it returns (before the HTTP reply).
 */
final class Proxy {
    private static final Logger LOG = LoggerFactory.getLogger(Proxy.class);
    private static final int BACKLOG = 512;
    private static final long ACCEPTOR_JOIN_MILLIS = 5_000;

    private final String name;
    private final Workers workers;
    private final Map<String, ToxiproxyServer.UpstreamGate> gates;
    private final Object stateLock = new Object();
    // guarded by the API lock (Proxies)
    private String listen;
    private boolean enabled;
    private ServerSocket serverSocket;
    private Thread acceptor;
    // written under the API lock and stateLock, read by the accept thread under stateLock
    private String upstream;
    private ToxicSet toxics = ToxicSet.EMPTY;
    // guarded by stateLock
    private final Set<Connection> connections = new HashSet<>();
    private long connectionCount;

    Proxy(String name, String listen, String upstream, Workers workers,
          Map<String, ToxiproxyServer.UpstreamGate> gates) {
        this.name = name;
        this.listen = listen;
        this.upstream = upstream;
        this.workers = workers;
        this.gates = gates;
    }

    String name() {
        return name;
    }

    Workers workers() {
        return workers;
    }

    /** The Java-only upstream gate of this proxy's name, or null (see {@link ToxiproxyServer#upstreamGate}). */
    ToxiproxyServer.UpstreamGate gate() {
        return gates.get(name);
    }

    String listen() {
        return listen;
    }

    String upstream() {
        return upstream;
    }

    boolean enabled() {
        return enabled;
    }

    ToxicSet toxics() {
        return toxics;
    }

    ProxyState state() {
        return new ProxyState(name, listen, upstream, enabled, toxics.all());
    }

    /** Binds the listener (SO_REUSEADDR, so re-enabling gets the same port) and starts accepting. */
    void start() throws ApiException {
        if (enabled) {
            return;
        }
        InetSocketAddress address;
        try {
            address = HostPort.parse(listen).resolve();
        } catch (IllegalArgumentException | IOException e) {
            throw ApiException.internal("listen tcp " + listen + ": " + e.getMessage());
        }
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(address, BACKLOG);
        } catch (IOException e) {
            closeQuietly(socket);
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().toLowerCase(Locale.ROOT);
            throw ApiException.internal("listen tcp " + listen + ": bind: " + reason);
        }
        listen = HostPort.format((InetSocketAddress) socket.getLocalSocketAddress());
        serverSocket = socket;
        enabled = true;
        ServerSocket bound = socket;
        acceptor = workers.start("toxiproxy-accept-" + name, () -> acceptLoop(bound));
        LOG.debug("proxy {} listening on {} for {}", name, listen, upstream);
    }

    /** Closes the listener, then both ends of every live connection; returns when all are closed. */
    void stop() {
        enabled = false;
        if (serverSocket != null) {
            closeQuietly(serverSocket);
            serverSocket = null;
            try {
                acceptor.join(ACCEPTOR_JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            acceptor = null;
        }
        List<Connection> live;
        synchronized (stateLock) {
            live = new ArrayList<>(connections);
        }
        for (Connection connection : live) {
            connection.close();
        }
    }

    /**
     * Toxiproxy's update: a different (resolved) listen or upstream restarts the proxy, dropping its connections;
     * then {@code enabled} is applied.
     */
    void update(String newListen, String newUpstream, boolean newEnabled) throws ApiException {
        if (!newUpstream.equals(upstream) || !sameListen(newListen)) {
            stop();
            listen = newListen;
            synchronized (stateLock) {
                upstream = newUpstream;
            }
        }
        if (newEnabled != enabled) {
            if (newEnabled) {
                start();
            } else {
                stop();
            }
        }
    }

    /** Whether {@code other} (as sent) resolves to the address this proxy listens on. */
    boolean sameListen(String other) throws ApiException {
        if (other.equals(listen)) {
            return true;
        }
        try {
            return HostPort.format(HostPort.parse(other).resolve()).equals(listen);
        } catch (IllegalArgumentException | IOException e) {
            throw ApiException.internal("listen tcp " + other + ": " + e.getMessage());
        }
    }

    /** Replaces the toxics and pushes the new chains to every live connection before returning. */
    void setToxics(ToxicSet newToxics) {
        List<Connection> live;
        synchronized (stateLock) {
            toxics = newToxics;
            live = new ArrayList<>(connections);
        }
        for (Connection connection : live) {
            connection.applyToxics(newToxics);
        }
    }

    void forget(Connection connection) {
        synchronized (stateLock) {
            connections.remove(connection);
        }
    }

    int connectionCount() {
        synchronized (stateLock) {
            return connections.size();
        }
    }

    /** How many connections this proxy has accepted since it was created. */
    long acceptedCount() {
        synchronized (stateLock) {
            return connectionCount;
        }
    }

    private void acceptLoop(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("proxy {}: accept failed: {}", name, e.toString());
                    pause();
                }
                continue;
            }
            Connection connection;
            synchronized (stateLock) {
                if (socket.isClosed()) {
                    closeQuietly(client);
                    return;
                }
                connection = new Connection(this, ++connectionCount, client, upstream, toxics);
                connections.add(connection);
            }
            try {
                workers.start(connection.threadName() + "-up", connection::run);
            } catch (Error e) {
                LOG.warn("proxy {}: cannot start a connection thread: {}", name, e.toString());
                connection.close();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.trace("close failed", e);
        }
    }
}
