package io.aurorakit.lab.toxiproxy;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.URI;

/**
 * The Toxiproxy the contract suites talk to: a real one when the environment variable {@code TOXIPROXY_URL} names
 * it (e.g. {@code http://127.0.0.1:8474}), otherwise an embedded {@link ToxiproxyServer} on an ephemeral port.
 */
final class ToxiproxyUnderTest implements AutoCloseable {
    static final String URL_VARIABLE = "TOXIPROXY_URL";

    private final String host;
    private final int port;
    private final ToxiproxyServer embedded;

    private ToxiproxyUnderTest(String host, int port, ToxiproxyServer embedded) {
        this.host = host;
        this.port = port;
        this.embedded = embedded;
    }

    static ToxiproxyUnderTest start() {
        String url = System.getenv(URL_VARIABLE);
        // surefire passes the unexpanded "${env.TOXIPROXY_URL}" when the variable is unset
        if (url != null && url.matches("https?://.+")) {
            URI uri = URI.create(url);
            return new ToxiproxyUnderTest(uri.getHost(), uri.getPort() < 0 ? 8474 : uri.getPort(), null);
        }
        ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0);
        return new ToxiproxyUnderTest(server.host(), server.apiPort(), server);
    }

    ToxiproxyClient client() {
        return new ToxiproxyClient(host, port);
    }

    /** The API's base URL, e.g. http://127.0.0.1:8474. */
    String url() {
        return "http://" + host + ":" + port;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
