package io.aurorakit.lab.toxiproxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted client and its upstream socket, with an upstream and a downstream {@link Link}. The upstream dial runs
 * on the connection's own thread (never the accept thread) with a timeout; if it fails the client is closed right
 * after its successful connect, as Toxiproxy does. Before the dial the thread passes the proxy's Java-only
 * {@link ToxiproxyServer.UpstreamGate}, if one is set (it may block; closing the connection interrupts it). Closing is
 * idempotent and closes both sockets.
 */
final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    static final int UPSTREAM_CONNECT_TIMEOUT_MILLIS = 5_000;

    private final Proxy proxy;
    private final long id;
    private final Socket client;
    private final String upstreamAddress;
    private final boolean resetOnClose;
    private final Link upstreamLink;
    private final Link downstreamLink;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Socket upstream;
    /** The connection's thread while it waits at the proxy's upstream gate, else null. */
    private volatile Thread atGate;

    /** Must be called with the proxy's toxics snapshot taken atomically with registering the connection. */
    Connection(Proxy proxy, long id, Socket client, String upstreamAddress, ToxicSet toxics) {
        this.proxy = proxy;
        this.id = id;
        this.client = client;
        this.upstreamAddress = upstreamAddress;
        this.resetOnClose = toxics.containsType(ToxicType.RESET_PEER);
        this.upstreamLink = new Link(this, Direction.UPSTREAM, toxics.chain(Direction.UPSTREAM));
        this.downstreamLink = new Link(this, Direction.DOWNSTREAM, toxics.chain(Direction.DOWNSTREAM));
        configure(client);
    }

    private void configure(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            if (resetOnClose) {
                socket.setSoLinger(true, 0);
            }
        } catch (SocketException e) {
            LOG.debug("cannot configure {}", socket, e);
        }
    }

    String threadName() {
        return "toxiproxy-" + proxy.name() + "-" + id;
    }

    Workers workers() {
        return proxy.workers();
    }

    boolean isClosed() {
        return closed.get();
    }

    void applyToxics(ToxicSet toxics) {
        upstreamLink.applyToxics(toxics.chain(Direction.UPSTREAM));
        downstreamLink.applyToxics(toxics.chain(Direction.DOWNSTREAM));
    }

    /** Dials the upstream, then runs the upstream link here and the downstream link on a second thread. */
    void run() {
        if (!passGate()) {
            close();
            return;
        }
        Socket server = dial();
        if (server == null) {
            close();
            return;
        }
        try {
            workers().start(threadName() + "-down", () -> downstreamLink.run(server, client));
        } catch (Error e) {
            close();
            throw e;
        }
        upstreamLink.run(client, server);
    }

    /** Waits at the proxy's upstream gate, if any; false if the gate refused or the connection closed meanwhile. */
    private boolean passGate() {
        ToxiproxyServer.UpstreamGate gate = proxy.gate();
        if (gate == null) {
            return true;
        }
        atGate = Thread.currentThread();
        try {
            if (closed.get()) {
                return false;
            }
            gate.awaitOpen(proxy.name());
            return !closed.get();
        } catch (IOException e) {
            LOG.debug("proxy {}: upstream gate refused connection {}: {}", proxy.name(), id, e.toString());
            return false;
        } catch (RuntimeException e) {
            LOG.warn("proxy {}: upstream gate failed for connection {}", proxy.name(), id, e);
            return false;
        } finally {
            atGate = null;
            Thread.interrupted(); // an interrupt meant for the gate must not reach the links
        }
    }

    private Socket dial() {
        List<InetSocketAddress> addresses;
        try {
            addresses = HostPort.parse(upstreamAddress).resolveAll();
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("proxy {}: cannot resolve upstream {}: {}", proxy.name(), upstreamAddress, e.toString());
            return null;
        }
        for (InetSocketAddress address : addresses) {
            Socket socket = new Socket();
            upstream = socket;
            if (closed.get()) {
                closeQuietly(socket);
                return null;
            }
            configure(socket);
            try {
                socket.connect(address, UPSTREAM_CONNECT_TIMEOUT_MILLIS);
                return socket;
            } catch (IOException e) {
                LOG.debug("proxy {}: cannot connect to upstream {}: {}", proxy.name(), address, e.toString());
                closeQuietly(socket);
            }
        }
        return null;
    }

    /** Closes both sockets (a RST if a reset_peer toxic existed when the connection started) and wakes both links. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(client);
        Thread waiting = atGate;
        if (waiting != null) {
            waiting.interrupt();
        }
        Socket server = upstream;
        if (server != null) {
            closeQuietly(server);
        }
        upstreamLink.wakeUp();
        downstreamLink.wakeUp();
        proxy.forget(this);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("close failed", e);
        }
    }
}
