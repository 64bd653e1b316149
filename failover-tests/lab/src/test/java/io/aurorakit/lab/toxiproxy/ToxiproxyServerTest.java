package io.aurorakit.lab.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only the embedded server promises: its lifecycle, resource cleanup, robustness and command line. */
class ToxiproxyServerTest {
    private ToxiproxyServer server;
    private ToxiproxyClient client;
    private EchoServer echo;

    @BeforeEach
    void start() throws IOException {
        server = ToxiproxyServer.start("127.0.0.1", 0);
        client = new ToxiproxyClient(server.host(), server.apiPort());
        echo = EchoServer.echo();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        echo.close();
    }

    private static Set<Thread> toxiproxyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("toxiproxy-") && thread.isAlive())
                .collect(Collectors.toSet());
    }

    @Test
    void startsOnAnEphemeralPortAndReportsIt() throws IOException {
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.apiPort()).isPositive();
        assertThat(client.version()).contains("2.12.0");
        assertThat(server.toString()).contains(String.valueOf(server.apiPort()));
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("HTTP-Dispatcher"))
                .as("the JDK's dispatcher thread must not keep the JVM alive").allMatch(Thread::isDaemon);
    }

    @Test
    void allThreadsAreDaemonsNamedToxiproxy() throws IOException {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Proxy proxy = client.createProxy("p", "127.0.0.1:0", echo.address());
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1);
        try (Socket socket = Sockets.connect(proxy.getListen(), 5_000)) {
            Sockets.roundTrip(socket, Sockets.payload(10));
            List<Thread> ours = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && !thread.getName().startsWith("echo-"))
                    .collect(Collectors.toList());
            assertThat(ours).isNotEmpty().allSatisfy(thread -> {
                assertThat(thread.getName()).startsWith("toxiproxy-");
                assertThat(thread.isDaemon()).isTrue();
            });
        }
    }

    @Test
    void anUpstreamGateHoldsNewConnectionsUntilItOpensAndLiveConnectionsCountThem() throws Exception {
        Proxy proxy = client.createProxy("gated", "127.0.0.1:0", echo.address());
        java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.upstreamGate("gated", name -> {
            asked.add(name);
            try {
                open.await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException("interrupted");
            }
        });
        long acceptedBefore = server.acceptedConnections("gated");
        try (Socket socket = Sockets.connect(proxy.getListen(), 300)) {
            awaitTrue(() -> asked.size() == 1);
            assertThat(asked).containsExactly("gated");
            assertThat(server.liveConnections("gated")).isEqualTo(1);
            socket.getOutputStream().write(Sockets.payload(5));
            assertThatThrownBy(() -> Sockets.readExactly(socket, 5)).as("held: nothing answers")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
            open.countDown();
            socket.setSoTimeout(5_000);
            assertThat(Sockets.readExactly(socket, 5)).isEqualTo(Sockets.payload(5));
        }
        awaitTrue(() -> server.liveConnections("gated") == 0);
        assertThat(server.acceptedConnections("gated")).isEqualTo(acceptedBefore + 1);

        server.upstreamGate("gated", name -> {
            throw new IOException("refused by the gate");
        });
        try (Socket socket = Sockets.connect(proxy.getListen(), 5_000)) {
            assertThat(Sockets.endsBeforeTimeout(socket)).as("a refusing gate closes the client").isTrue();
        }

        java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        server.upstreamGate("gated", name -> {
            waiting.countDown();
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new java.io.InterruptedIOException("interrupted");
            }
        });
        try (Socket held = Sockets.connect(proxy.getListen(), 5_000)) {
            assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
            client.getProxy("gated").disable();
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("closing a held connection interrupts its gate")
                    .isTrue();
            assertThat(Sockets.endsBeforeTimeout(held)).isTrue();
        }
        server.upstreamGate("gated", null);
        assertThatThrownBy(() -> server.liveConnections("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void closeLeavesNoThreadOrSocketBehind() throws Exception {
        Set<Thread> before = toxiproxyThreads();
        Proxy plain = client.createProxy("plain", "127.0.0.1:0", echo.address());
        Proxy toxic = client.createProxy("toxic", "127.0.1.9:0", echo.address());
        toxic.toxics().timeout("hole", ToxicDirection.DOWNSTREAM, 0);
        toxic.toxics().latency("lat", ToxicDirection.UPSTREAM, 10);
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Socket socket = Sockets.connect(plain.getListen(), 5_000);
            Sockets.roundTrip(socket, Sockets.payload(10));
            clients.add(socket);
            Socket black = Sockets.connect(toxic.getListen(), 5_000);
            black.getOutputStream().write(1);
            clients.add(black);
        }
        assertThat(toxiproxyThreads()).hasSizeGreaterThan(before.size() + 20);

        server.close();
        server.close(); // idempotent

        assertThat(toxiproxyThreads()).isSubsetOf(before);
        for (Socket socket : clients) {
            assertThat(Sockets.endsBeforeTimeout(socket)).isTrue();
            socket.close();
        }
        for (String listen : List.of(plain.getListen(), toxic.getListen(), "127.0.0.1:" + server.apiPort())) {
            int colon = listen.lastIndexOf(':');
            try (ServerSocket rebind = new ServerSocket()) {
                rebind.setReuseAddress(true);
                rebind.bind(new InetSocketAddress(InetAddress.getByName(listen.substring(0, colon)),
                        Integer.parseInt(listen.substring(colon + 1))));
            }
        }
    }

    @Test
    void manyConcurrentConnectionsAllGetTheirOwnData() throws Exception {
        Proxy proxy = client.createProxy("busy", "127.0.0.1:0", echo.address());
        int clients = 64;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                results.add(pool.submit(() -> {
                    try (Socket socket = Sockets.connect(proxy.getListen(), 10_000)) {
                        for (int i = 0; i < 50; i++) {
                            byte[] payload = Sockets.payload(1_000 + id);
                            payload[0] = (byte) id;
                            payload[1] = (byte) i;
                            Sockets.roundTrip(socket, payload);
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> result : results) {
                result.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        awaitNoConnectionThreads();
    }

    /** Connection threads end once their sockets close (checked by name: toxiproxy-{proxy}-{id}-...). */
    private static void awaitNoConnectionThreads() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && connectionThreads() > 0) {
            Thread.sleep(20);
        }
        assertThat(connectionThreads()).isZero();
    }

    private static long connectionThreads() {
        return toxiproxyThreads().stream().filter(t -> t.getName().matches("toxiproxy-.+-\\d+-(up|down).*")).count();
    }

    @Test
    void halfCloseClosesTheWholeConnectionLikeToxiproxy() throws Exception {
        Proxy proxy = client.createProxy("half", "127.0.0.1:0", echo.address());
        for (int i = 0; i < 10; i++) {
            try (Socket socket = Sockets.connect(proxy.getListen(), 5_000)) {
                Sockets.roundTrip(socket, Sockets.payload(10));
                socket.shutdownOutput();
                assertThat(Sockets.endsBeforeTimeout(socket)).isTrue();
            }
        }
        awaitNoConnectionThreads();
    }

    @Test
    void unreachableUpstreamDoesNotStallOtherConnections() throws Exception {
        int deadPort;
        try (ServerSocket unused = new ServerSocket(0)) {
            deadPort = unused.getLocalPort();
        }
        Proxy dead = client.createProxy("dead", "127.0.0.1:0", "127.0.0.1:" + deadPort);
        Proxy unresolvable = client.createProxy("unresolvable", "127.0.0.1:0", "no-such-host.invalid:5432");
        for (int i = 0; i < 20; i++) {
            try (Socket socket = Sockets.connect(dead.getListen(), 5_000)) {
                assertThat(Sockets.endsBeforeTimeout(socket)).isTrue();
            }
        }
        try (Socket socket = Sockets.connect(unresolvable.getListen(), 5_000)) {
            assertThat(Sockets.endsBeforeTimeout(socket)).isTrue();
        }
        dead.setUpstream(echo.address());
        try (Socket socket = Sockets.connect(dead.getListen(), 5_000)) {
            Sockets.roundTrip(socket, Sockets.payload(10));
        }
        awaitNoConnectionThreads();
    }

    @Test
    void bindFailuresAreServerErrorsAndLeaveTheProxyOut() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> client.createProxy("clash", "127.0.0.1:" + taken.getLocalPort(), echo.address()))
                    .isInstanceOf(IOException.class).hasMessageStartingWith("[500] listen tcp 127.0.0.1:")
                    .hasMessageContaining("address already in use");
        }
        assertThat(client.getProxyOrNull("clash")).isNull();
    }

    @Test
    void startRejectsBadArgumentsAndBusyPorts() throws IOException {
        assertThatThrownBy(() -> ToxiproxyServer.start("127.0.0.1", 70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port").hasMessageContaining("70000");
        assertThatThrownBy(() -> ToxiproxyServer.start(" ", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> ToxiproxyServer.start("127.0.0.1", server.apiPort()))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("127.0.0.1:" + server.apiPort());
    }

    @Test
    void commandLineNamesTheBadOption() {
        HostPort listen = ToxiproxyServer.parseArguments(new String[] {"--listen", "127.0.0.2:18474"});
        assertThat(listen.host()).isEqualTo("127.0.0.2");
        assertThat(listen.port()).isEqualTo(18474);
        assertThat(ToxiproxyServer.parseArguments(new String[0]).port()).isEqualTo(8474);
        assertThat(ToxiproxyServer.parseArguments(new String[] {"--listen=[::1]:9"}).host()).isEqualTo("::1");

        assertThatThrownBy(() -> ToxiproxyServer.parseArguments(new String[] {"--listen", "localhost"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--listen").hasMessageContaining("'localhost'").hasMessageContaining("host:port");
        assertThatThrownBy(() -> ToxiproxyServer.parseArguments(new String[] {"--listen", "127.0.0.1:99999"}))
                .hasMessageContaining("--listen").hasMessageContaining("'127.0.0.1:99999'");
        assertThatThrownBy(() -> ToxiproxyServer.parseArguments(new String[] {"--listen"}))
                .hasMessageContaining("--listen");
        assertThatThrownBy(() -> ToxiproxyServer.parseArguments(new String[] {"--port", "1"}))
                .hasMessageContaining("'--port'").hasMessageContaining("--listen");
    }

    @Test
    void toxicOnOneProxyLeavesOthersAlone() throws IOException {
        Proxy slow = client.createProxy("slow", "127.0.0.1:0", echo.address());
        Proxy fast = client.createProxy("fast", "127.0.0.1:0", echo.address());
        slow.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1_000);
        try (Socket socket = Sockets.connect(fast.getListen(), 5_000)) {
            assertThat(Sockets.roundTrip(socket, Sockets.payload(10))).isLessThan(800);
        }
    }
}
