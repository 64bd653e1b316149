package io.aurorakit.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurorakit.lab.toxiproxy.ToxiproxyServer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One proxy of the lab's embedded Toxiproxy server in front of each instance ({@code 127.a.b.N:P} to
 * {@code 127.a.b.(100+N):P}); all client traffic to an instance endpoint flows through it, so network faults are
 * injected here. The lab's own toxics are prefixed {@value #PREFIX}; fence, isolation and latency toxics are
 * independent of each other (healing an isolation keeps a failover fence, and the reverse). The proxies are driven
 * through the server's Toxiproxy HTTP API with the JDK's HTTP client, so the lab needs no Toxiproxy client library.
 */
final class InstanceProxies implements AutoCloseable {

    static final String PREFIX = "aurora-lab-";
    private static final String FENCE = PREFIX + "fence";
    private static final String ISOLATE = PREFIX + "isolate";
    private static final String LATENCY = PREFIX + "latency";
    /** How long a black hole holds back the server's close from its clients: longer than any test or drill. */
    private static final Duration HOLD_CLOSE = Duration.ofHours(1);

    private static final Duration API_TIMEOUT = Duration.ofSeconds(10);
    private static final String UPSTREAM = "upstream";
    private static final String DOWNSTREAM = "downstream";

    private final ToxiproxyServer server;
    private final URI api;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Set<String> proxies = new LinkedHashSet<>();

    private InstanceProxies(ToxiproxyServer server) {
        this.server = server;
        this.api = URI.create("http://" + server.host() + ":" + server.apiPort());
        this.http = HttpClient.newBuilder().connectTimeout(API_TIMEOUT).build();
    }

    static InstanceProxies start(LabNetwork network, List<PostgresInstance> instances) {
        ToxiproxyServer server;
        try {
            server = ToxiproxyServer.start(network.apiAddress(), 0);
        } catch (Exception e) {
            throw new AuroraLabException("cannot start the embedded Toxiproxy server on " + network.apiAddress(), e);
        }
        try {
            InstanceProxies proxies = new InstanceProxies(server);
            for (PostgresInstance instance : instances) {
                proxies.create(instance.id(), network.proxyAddress(instance.number()) + ":" + network.port(),
                        instance.address() + ":" + instance.port());
            }
            return proxies;
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            throw new AuroraLabException("cannot create the instance proxies on " + network, e);
        }
    }

    /** Sets (or with null removes) the instance proxy's upstream gate (a Java-only extension of the server). */
    void gate(String instanceId, ToxiproxyServer.UpstreamGate gate) {
        proxy(instanceId);
        server.upstreamGate(instanceId, gate);
    }

    /** The instance proxy's live client connections (a Java-only extension of the server). */
    int liveConnections(String instanceId) {
        proxy(instanceId);
        return server.liveConnections(instanceId);
    }

    /** How many client connections the instance proxy has accepted (a Java-only extension of the server). */
    long acceptedConnections(String instanceId) {
        proxy(instanceId);
        return server.acceptedConnections(instanceId);
    }

    /** The base URL of the embedded server's HTTP API. */
    URI apiUrl() {
        return api;
    }

    /** The API path of the instance's proxy (its name is the instance id). */
    private String proxy(String instanceId) {
        if (!proxies.contains(instanceId)) {
            throw new IllegalArgumentException("instance id '" + instanceId + "' is unknown; expected one of "
                    + proxies);
        }
        return "/proxies/" + encode(instanceId);
    }

    /**
     * Fences an instance: hard = a black hole in both directions (connections hang, no RST, like Aurora), soft =
     * the proxy is disabled (existing connections are closed, new ones refused).
     */
    void fence(String instanceId, boolean hard) throws IOException {
        if (hard) {
            blackHole(instanceId, FENCE);
        } else {
            setEnabled(instanceId, false);
        }
    }

    /** Removes a fence of either kind. */
    void unfence(String instanceId) throws IOException {
        removeToxics(instanceId, FENCE);
        setEnabled(instanceId, true);
    }

    /** Black-holes the instance's client traffic (timeout toxic of 0 = hold forever, both directions). */
    void isolate(String instanceId) throws IOException {
        blackHole(instanceId, ISOLATE);
    }

    /** Removes isolation and latency (closing the connections the black hole held); a failover fence stays. */
    void heal(String instanceId) throws IOException {
        removeToxics(instanceId, ISOLATE);
        removeToxics(instanceId, LATENCY);
    }

    /** Adds latency to the instance's responses; {@link Duration#ZERO} removes it. */
    void latency(String instanceId, Duration latency) throws IOException {
        removeToxics(instanceId, LATENCY);
        if (!latency.isZero()) {
            addToxic(instanceId, LATENCY + "-down", "latency", DOWNSTREAM, "latency", latency.toMillis());
        }
    }

    private void blackHole(String instanceId, String prefix) throws IOException {
        removeToxics(instanceId, prefix);
        // First in the server-to-client chain: holds the server's close, so a fenced instance that is stopped or
        // killed sends its clients nothing at all - no FIN, no RST - as with Aurora's hard fence. (Toxiproxy's
        // timeout toxic alone closes the client when the server closes.)
        addToxic(instanceId, prefix + "-hold", "slow_close", DOWNSTREAM, "delay", HOLD_CLOSE.toMillis());
        addToxic(instanceId, prefix + "-up", "timeout", UPSTREAM, "timeout", 0);
        addToxic(instanceId, prefix + "-down", "timeout", DOWNSTREAM, "timeout", 0);
    }

    private void removeToxics(String instanceId, String prefix) throws IOException {
        for (JsonNode toxic : call("GET", proxy(instanceId) + "/toxics", null)) {
            String name = toxic.path("name").asText();
            if (name.startsWith(prefix + "-")) {
                call("DELETE", proxy(instanceId) + "/toxics/" + encode(name), null);
            }
        }
    }

    private void create(String name, String listen, String upstream) throws IOException {
        ObjectNode body = json.createObjectNode().put("name", name).put("listen", listen).put("upstream", upstream)
                .put("enabled", true);
        call("POST", "/proxies", body);
        proxies.add(name);
    }

    private void setEnabled(String instanceId, boolean enabled) throws IOException {
        call("POST", proxy(instanceId), json.createObjectNode().put("enabled", enabled));
    }

    private void addToxic(String instanceId, String name, String type, String stream, String attribute, long value)
            throws IOException {
        ObjectNode body = json.createObjectNode().put("name", name).put("type", type).put("stream", stream)
                .put("toxicity", 1.0f);
        body.putObject("attributes").put(attribute, value);
        call("POST", proxy(instanceId) + "/toxics", body);
    }

    /** One API call; the response's JSON (an empty object for 204), or an IOException naming the call. */
    private JsonNode call(String method, String path, JsonNode body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(API_TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + method + " " + path, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Toxiproxy API " + method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        closeQuietly(server);
    }

    private static void closeQuietly(ToxiproxyServer server) {
        try {
            server.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(InstanceProxies.class).warn("closing the Toxiproxy server failed: {}",
                    e.toString());
        }
    }
}
