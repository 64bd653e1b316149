package io.aurorakit.lab.toxiproxy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded, Toxiproxy-compatible fault-injection server: Toxiproxy 2.x's HTTP API (proxies, toxics, populate,
 * reset, version) and a TCP data plane with its toxics (latency, bandwidth, timeout, reset_peer, slow_close,
 * limit_data, slicer, noop), running inside the JVM. Any Toxiproxy client works against it, e.g. toxiproxy-java:
 *
 * <pre>{@code
 * try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
 *     ToxiproxyClient client = new ToxiproxyClient(server.host(), server.apiPort());
 *     Proxy pg = client.createProxy("pg", "127.0.1.5:15432", "127.0.0.1:5432");
 *     pg.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 100);
 *     pg.disable(); // refuses new connections and cuts live ones before returning
 * }
 * }</pre>
 *
 * <p>All threads are daemon threads named {@code toxiproxy-...}; {@link #close()} closes every listener and connection
 * and waits for them to end. Standalone: {@code java ... io.aurorakit.lab.toxiproxy.ToxiproxyServer --listen
 * 127.0.0.1:8474}.
 *
 * <p>Java-only extensions, not part of Toxiproxy's HTTP API (a real Toxiproxy has no equivalent):
 * {@link #upstreamGate(String, UpstreamGate)}, which can hold a proxy's new connections before they reach the
 * upstream, and {@link #liveConnections(String)} / {@link #acceptedConnections(String)}, which tell whether a proxy
 * is in use.
 */
public final class ToxiproxyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ToxiproxyServer.class);
    /** The command-line option naming the API address ({@code host:port}). */
    public static final String LISTEN_OPTION = "--listen";
    private static final String DEFAULT_LISTEN = "127.0.0.1:8474";
    private static final int API_THREADS = 4;
    private static final long CLOSE_TIMEOUT_MILLIS = 10_000;

    private final String host;
    private final int apiPort;
    private final HttpServer http;
    private final ThreadPoolExecutor apiExecutor;
    private final Proxies proxies;
    private final Workers workers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ToxiproxyServer(String host, int apiPort, HttpServer http, ThreadPoolExecutor apiExecutor,
            Proxies proxies, Workers workers) {
        this.host = host;
        this.apiPort = apiPort;
        this.http = http;
        this.apiExecutor = apiExecutor;
        this.proxies = proxies;
        this.workers = workers;
    }

    /**
     * Starts a server whose HTTP API listens on {@code host:port}.
     *
     * @param host the API's address, e.g. {@code 127.0.0.1}
     * @param port the API's port, 0 for an ephemeral one (see {@link #apiPort()})
     * @return the running server
     * @throws IllegalArgumentException if host is null/empty or port is outside 0..65535
     * @throws UncheckedIOException if the API port cannot be bound
     */
    public static ToxiproxyServer start(String host, int port) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be a host name or IP address, e.g. 127.0.0.1, but was '"
                    + host + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535 (0 = ephemeral), but was " + port);
        }
        Workers workers = new Workers();
        Proxies proxies = new Proxies(workers);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(API_THREADS, API_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), workers::newApiThread);
        executor.allowCoreThreadTimeOut(true);
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot bind the Toxiproxy API to " + host + ":" + port, e);
        }
        http.createContext("/", new ApiHandler(proxies));
        http.setExecutor(executor);
        // The JDK names its dispatcher thread itself but inherits daemon status from the thread that starts it.
        Thread starter = workers.start("toxiproxy-api-start", http::start);
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ToxiproxyServer server = new ToxiproxyServer(host, http.getAddress().getPort(), http, executor, proxies,
                workers);
        LOG.debug("Toxiproxy-compatible server listening on {}:{}", host, server.apiPort);
        return server;
    }

    /**
     * Java-only extension (not in Toxiproxy's HTTP API): what a proxy's new connection waits for before its upstream
     * is dialled.
     */
    @FunctionalInterface
    public interface UpstreamGate {
        /**
         * Called on the connection's own thread after the client's TCP connect was accepted and before the proxy
         * connects upstream; nothing is sent to the client meanwhile. Returning lets the connection proceed; an
         * exception closes the client. May block: if the connection is closed meanwhile (proxy disabled or deleted,
         * server closed) the waiting thread is interrupted, and should then throw (e.g. {@link
         * java.io.InterruptedIOException}).
         *
         * @param proxyName the proxy's name
         * @throws IOException to refuse the connection (the client is closed)
         */
        void awaitOpen(String proxyName) throws IOException;
    }

    /**
     * Java-only extension (not in Toxiproxy's HTTP API): sets the gate every new connection of the proxy named
     * {@code proxyName} passes before its upstream is dialled ({@code null} removes it). The gate belongs to the name:
     * it applies to a proxy created later under that name too, and stays when the proxy is deleted.
     */
    public void upstreamGate(String proxyName, UpstreamGate gate) {
        if (proxyName == null || proxyName.isEmpty()) {
            throw new IllegalArgumentException("upstreamGate proxy name must be a proxy's name, but was '"
                    + proxyName + "'");
        }
        proxies.gate(proxyName, gate);
    }

    /**
     * Java-only extension (not in Toxiproxy's HTTP API): the proxy's live client connections - accepted and not yet
     * closed, including those waiting at its {@link #upstreamGate upstream gate}.
     *
     * @throws IllegalArgumentException if no proxy has that name
     */
    public int liveConnections(String proxyName) {
        try {
            return proxies.liveConnections(proxyName);
        } catch (ApiException e) {
            throw new IllegalArgumentException("no proxy named '" + proxyName + "'", e);
        }
    }

    /**
     * Java-only extension (not in Toxiproxy's HTTP API): how many client connections the proxy has accepted since it
     * was created (a connection opened and closed between two looks at {@link #liveConnections} still counts).
     *
     * @throws IllegalArgumentException if no proxy has that name
     */
    public long acceptedConnections(String proxyName) {
        try {
            return proxies.acceptedConnections(proxyName);
        } catch (ApiException e) {
            throw new IllegalArgumentException("no proxy named '" + proxyName + "'", e);
        }
    }

    /** The host the HTTP API listens on, as given to {@link #start(String, int)}. */
    public String host() {
        return host;
    }

    /** The port the HTTP API listens on (the real one when started with port 0). */
    public int apiPort() {
        return apiPort;
    }

    /**
     * Stops the API, closes every proxy listener and both sockets of every connection, and waits (bounded) until all
     * of the server's threads have ended. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.stop(0);
        apiExecutor.shutdownNow();
        proxies.stopAll();
        try {
            apiExecutor.awaitTermination(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!workers.joinAll(CLOSE_TIMEOUT_MILLIS)) {
            LOG.warn("{} Toxiproxy server threads still alive {} ms after close", workers.liveCount(),
                    CLOSE_TIMEOUT_MILLIS);
        }
    }

    @Override
    public String toString() {
        return "ToxiproxyServer[" + host + ":" + apiPort + (closed.get() ? ", closed" : "") + "]";
    }

    /**
     * Runs the server standalone until the JVM is stopped: {@code --listen 127.0.0.1:8474} (the default).
     *
     * @param args {@code [--listen host:port]}
     */
    public static void main(String[] args) throws InterruptedException {
        ToxiproxyServer server;
        try {
            HostPort listen = parseArguments(args);
            server = start(listen.host(), listen.port());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("toxiproxy: " + e.getMessage());
            System.err.println("usage: ToxiproxyServer [" + LISTEN_OPTION + " host:port]   (default "
                    + DEFAULT_LISTEN + ")");
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "toxiproxy-shutdown"));
        System.out.println("Toxiproxy-compatible API listening on " + server.host() + ":" + server.apiPort());
        new CountDownLatch(1).await();
    }

    /** Parses the standalone arguments; the exception names the option, the bad value and the expected form. */
    static HostPort parseArguments(String[] args) {
        String listen = DEFAULT_LISTEN;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals(LISTEN_OPTION)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(
                            "option " + LISTEN_OPTION + " needs a value: host:port, e.g. " + DEFAULT_LISTEN);
                }
                listen = args[++i];
            } else if (arg.startsWith(LISTEN_OPTION + "=")) {
                listen = arg.substring(LISTEN_OPTION.length() + 1);
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "'; expected " + LISTEN_OPTION
                        + " host:port");
            }
        }
        HostPort parsed;
        try {
            parsed = HostPort.parse(listen);
        } catch (IllegalArgumentException e) {
            throw invalidListen(listen);
        }
        if (parsed.host().isEmpty()) {
            throw invalidListen(listen);
        }
        return parsed;
    }

    private static IllegalArgumentException invalidListen(String value) {
        return new IllegalArgumentException("invalid value for option " + LISTEN_OPTION + ": '" + value
                + "'; expected host:port with a port in 0..65535, e.g. " + DEFAULT_LISTEN);
    }
}
