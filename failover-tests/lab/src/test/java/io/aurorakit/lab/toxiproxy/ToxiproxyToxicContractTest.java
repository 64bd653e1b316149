package io.aurorakit.lab.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The data plane and every toxic, over real sockets against an echo upstream, driven by toxiproxy-java 2.1.7. */
class ToxiproxyToxicContractTest extends ContractBase {

    @Test
    void forwardsDataUnchangedWithoutToxics(TestInfo test) throws Exception {
        Proxy proxy = proxyToEcho(test);
        byte[] payload = Sockets.payload(1 << 20);
        try (Socket socket = Sockets.connect(proxy.getListen(), 10_000)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(socket, payload));
            assertThat(Sockets.readExactly(socket, payload.length)).isEqualTo(payload);
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    private static void write(Socket socket, byte[] payload) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int offset = 0; offset < payload.length; offset += 10_000) {
                out.write(payload, offset, Math.min(10_000, payload.length - offset));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void latencyDelaysEveryRoundTrip(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
        try (Socket socket = Sockets.connect(proxy.getListen(), 10_000)) {
            for (int i = 0; i < 3; i++) {
                assertThat(Sockets.roundTrip(socket, Sockets.payload(50))).isGreaterThanOrEqualTo(100);
            }
        }
    }

    @Test
    void upstreamLatencyWithJitterStaysWithinItsRange(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        proxy.toxics().latency("lat", ToxicDirection.UPSTREAM, 200).setJitter(50);
        try (Socket socket = Sockets.connect(proxy.getListen(), 10_000)) {
            for (int i = 0; i < 3; i++) {
                assertThat(Sockets.roundTrip(socket, Sockets.payload(50))).isBetween(150L, 5_000L);
            }
        }
    }

    @Test
    void addingAndRemovingLatencyActsOnALiveConnection(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        try (Socket socket = Sockets.connect(proxy.getListen(), 10_000)) {
            Sockets.roundTrip(socket, Sockets.payload(10));
            Latency latency = proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1_000);
            assertThat(Sockets.roundTrip(socket, Sockets.payload(10))).isGreaterThanOrEqualTo(1_000);
            latency.remove();
            assertThat(Sockets.roundTrip(socket, Sockets.payload(10))).isLessThan(800);
        }
    }

    @Test
    void toxicityZeroNeverApplies(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1_000).setToxicity(0f);
        for (int i = 0; i < 3; i++) {
            try (Socket socket = Sockets.connect(proxy.getListen(), 10_000)) {
                assertThat(Sockets.roundTrip(socket, Sockets.payload(10))).isLessThan(800);
            }
        }
    }

    @Test
    void bandwidthLimitsThroughput(TestInfo test) throws Exception {
        Proxy proxy = proxyToEcho(test);
        proxy.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 100); // 100 KB/s
        byte[] payload = Sockets.payload(50_000);
        try (Socket socket = Sockets.connect(proxy.getListen(), 10_000)) {
            long start = System.nanoTime();
            socket.getOutputStream().write(payload);
            assertThat(Sockets.readExactly(socket, payload.length)).isEqualTo(payload);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).isBetween(400L, 10_000L);
        }
    }

    @Test
    void bandwidthZeroStallsUntilRemovedAndLosesNothing(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        try (Socket socket = Sockets.connect(proxy.getListen(), 500)) {
            Sockets.roundTrip(socket, Sockets.payload(10));
            proxy.toxics().bandwidth("stall", ToxicDirection.DOWNSTREAM, 0);
            byte[] payload = Sockets.payload(100);
            socket.getOutputStream().write(payload);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            proxy.toxics().get("stall").remove();
            socket.setSoTimeout(5_000);
            assertThat(Sockets.readExactly(socket, payload.length)).isEqualTo(payload);
        }
    }

    @Test
    void timeoutBlackHolesALiveConnectionAndRemovingItClosesIt(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        try (Socket socket = Sockets.connect(proxy.getListen(), 500)) {
            Sockets.roundTrip(socket, Sockets.payload(10));
            proxy.toxics().timeout("hole", ToxicDirection.DOWNSTREAM, 0);

            for (int i = 0; i < 3; i++) {
                socket.getOutputStream().write(Sockets.payload(1_000)); // writes still succeed
            }
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            proxy.toxics().get("hole").remove();
            socket.setSoTimeout(5_000);
            assertThat(Sockets.endsBeforeTimeout(socket)).as("removing a timeout toxic closes its connections")
                    .isTrue();
        }
    }

    @Test
    void upstreamTimeoutDropsRequestsAndClosesAfterItsTimeout(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        proxy.toxics().timeout("hole", ToxicDirection.UPSTREAM, 300);
        long before = echo.bytesReceived();
        try (Socket socket = Sockets.connect(proxy.getListen(), 5_000)) {
            long start = System.nanoTime();
            socket.getOutputStream().write(Sockets.payload(100));
            assertThat(Sockets.endsBeforeTimeout(socket)).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
        }
        assertThat(echo.bytesReceived()).as("the upstream never saw the request").isEqualTo(before);
    }

    @Test
    void resetPeerResetsTheConnection(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        proxy.toxics().resetPeer("rst", ToxicDirection.DOWNSTREAM, 0);
        try (Socket socket = Sockets.connect(proxy.getListen(), 5_000)) {
            socket.getOutputStream().write(Sockets.payload(10));
            assertThatThrownBy(() -> socket.getInputStream().read())
                    .isInstanceOf(SocketException.class).hasMessageContaining("Connection reset");
        }
    }

    @Test
    void resetPeerWaitsForItsTimeout(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        proxy.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 300);
        try (Socket socket = Sockets.connect(proxy.getListen(), 5_000)) {
            long start = System.nanoTime();
            socket.getOutputStream().write(Sockets.payload(10));
            assertThatThrownBy(() -> socket.getInputStream().read())
                    .isInstanceOf(SocketException.class).hasMessageContaining("Connection reset");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
        }
    }

    @Test
    void slowCloseDelaysTheClose(TestInfo test) throws IOException {
        try (EchoServer greeter = EchoServer.with((socket, server) -> socket.getOutputStream().write("bye".getBytes()))) {
            Proxy proxy = client.createProxy(name(test, ""), "127.0.0.1:0", greeter.address());
            proxy.toxics().slowClose("slow", ToxicDirection.DOWNSTREAM, 500);
            long start = System.nanoTime();
            try (Socket socket = Sockets.connect(proxy.getListen(), 5_000)) {
                assertThat(new String(Sockets.readToEnd(socket))).isEqualTo("bye");
            }
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void limitDataForwardsExactlyThatManyBytesThenCloses(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        proxy.toxics().limitData("limit", ToxicDirection.DOWNSTREAM, 10);
        byte[] payload = Sockets.payload(100);
        try (Socket socket = Sockets.connect(proxy.getListen(), 5_000)) {
            socket.getOutputStream().write(payload);
            assertThat(Sockets.readToEnd(socket)).isEqualTo(Sockets.prefix(payload, 10));
        }
    }

    @Test
    void slicerSlicesWithDelaysWithoutLosingData(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        Slicer slicer = proxy.toxics().slicer("slices", ToxicDirection.UPSTREAM, 10, 2_000);
        slicer.setSizeVariation(2);
        try (Socket socket = Sockets.connect(proxy.getListen(), 10_000)) {
            assertThat(Sockets.roundTrip(socket, Sockets.payload(500))).isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void disablingRefusesNewConnectionsAndCutsLiveOnes(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        String listen = proxy.getListen();
        try (Socket live = Sockets.connect(listen, 2_000)) {
            Sockets.roundTrip(live, Sockets.payload(10));

            proxy.disable();

            assertThat(Sockets.endsBeforeTimeout(live)).as("live connection cut").isTrue();
            assertThatThrownBy(() -> Sockets.connect(listen, 1_000)).isInstanceOf(ConnectException.class);
        }
        proxy.enable();
        assertThat(proxy.getListen()).isEqualTo(listen);
        try (Socket again = Sockets.connect(listen, 5_000)) {
            Sockets.roundTrip(again, Sockets.payload(10));
        }
    }

    @Test
    void unreachableUpstreamClosesTheAcceptedClient(TestInfo test) throws IOException {
        int deadPort;
        try (ServerSocket unused = new ServerSocket(0)) {
            deadPort = unused.getLocalPort();
        }
        Proxy proxy = client.createProxy(name(test, ""), "127.0.0.1:0", "127.0.0.1:" + deadPort);
        for (int i = 0; i < 3; i++) {
            try (Socket socket = Sockets.connect(proxy.getListen(), 5_000)) {
                assertThat(Sockets.endsBeforeTimeout(socket)).isTrue();
            }
        }
    }
}
