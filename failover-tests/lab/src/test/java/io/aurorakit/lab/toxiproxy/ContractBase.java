package io.aurorakit.lab.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * Shared set-up of the contract suites: the Toxiproxy under test (embedded, or real via TOXIPROXY_URL), the real
 * toxiproxy-java client, an echo upstream, and proxies with unique names that are deleted after each test.
 */
abstract class ContractBase {
    private static final AtomicInteger NAMES = new AtomicInteger();

    static ToxiproxyUnderTest toxiproxy;
    static ToxiproxyClient client;
    static EchoServer echo;

    private final List<String> created = new ArrayList<>();

    @BeforeAll
    static void startToxiproxy() throws IOException {
        toxiproxy = ToxiproxyUnderTest.start();
        client = toxiproxy.client();
        echo = EchoServer.echo();
    }

    @AfterAll
    static void stopToxiproxy() throws IOException {
        echo.close();
        toxiproxy.close();
    }

    @AfterEach
    void deleteProxies() throws IOException {
        for (String name : created) {
            Proxy proxy = client.getProxyOrNull(name);
            if (proxy != null) {
                proxy.delete();
            }
        }
    }

    /** A unique proxy name for this test (only [A-Za-z0-9_], the client does not URL-encode). */
    String name(TestInfo test, String suffix) {
        String method = test.getTestMethod().map(m -> m.getName()).orElse("t");
        String name = "c" + NAMES.incrementAndGet() + "_" + method + suffix;
        created.add(name);
        return name;
    }

    /** Registers a proxy name derived from {@link #name} for deletion after the test. */
    String track(String name) {
        created.add(name);
        return name;
    }

    Proxy proxyToEcho(TestInfo test) throws IOException {
        return client.createProxy(name(test, ""), "127.0.0.1:0", echo.address());
    }
}
