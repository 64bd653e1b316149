package io.aurorakit.lab.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.LimitData;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import eu.rekawek.toxiproxy.model.toxic.SlowClose;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** Every endpoint of the HTTP API, through the real toxiproxy-java 2.1.7 client and raw HTTP. */
class ToxiproxyApiContractTest extends ContractBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private record Reply(int status, JsonNode body, String text) {
    }

    private Reply call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(toxiproxy.url() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        JsonNode json = text.isBlank() ? null : JSON.readTree(text);
        return new Reply(response.statusCode(), json, text);
    }

    @Test
    void versionIsReported() throws IOException {
        assertThat(client.version()).isNotBlank();
    }

    @Test
    void createdProxyReportsItsBoundAddressAndForwards(TestInfo test) throws IOException {
        String name = name(test, "");
        Proxy proxy = client.createProxy(name, "127.0.0.1:0", echo.address());

        assertThat(proxy.getName()).isEqualTo(name);
        assertThat(proxy.getListen()).matches("127\\.0\\.0\\.1:\\d+").isNotEqualTo("127.0.0.1:0");
        assertThat(proxy.getUpstream()).isEqualTo(echo.address());
        assertThat(proxy.isEnabled()).isTrue();
        Proxy fetched = client.getProxy(name);
        assertThat(fetched.getListen()).isEqualTo(proxy.getListen());
        assertThat(fetched.isEnabled()).isTrue();
        try (Socket socket = Sockets.connect(proxy.getListen(), 5_000)) {
            Sockets.roundTrip(socket, Sockets.payload(100));
        }
    }

    @Test
    void proxyListensOnAnyLoopbackAddress(TestInfo test) throws IOException {
        Proxy proxy = client.createProxy(name(test, ""), "127.0.1.5:0", echo.address());

        assertThat(proxy.getListen()).startsWith("127.0.1.5:");
        try (Socket socket = Sockets.connect(proxy.getListen(), 5_000)) {
            Sockets.roundTrip(socket, Sockets.payload(10));
        }
    }

    @Test
    void proxiesAreListedSortedByName(TestInfo test) throws IOException, InterruptedException {
        String base = name(test, "");
        String b = track(base + "_b");
        String a = track(base + "_a");
        client.createProxy(b, "127.0.0.1:0", echo.address());
        client.createProxy(a, "127.0.0.1:0", echo.address());

        List<String> names = client.getProxies().stream().map(Proxy::getName).collect(Collectors.toList());
        assertThat(names).containsSubsequence(a, b);
        List<String> keys = new ArrayList<>();
        call("GET", "/proxies", null).body().fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsSubsequence(a, b);
        assertThat(keys).isSorted();
    }

    @Test
    void errorsComeBackAsTheClientsExceptions(TestInfo test) throws IOException {
        String name = name(test, "");
        client.createProxy(name, "127.0.0.1:0", echo.address());

        assertThatThrownBy(() -> client.createProxy(name, "127.0.0.1:0", echo.address()))
                .isInstanceOf(IOException.class).hasMessage("[409] proxy already exists");
        assertThat(client.getProxyOrNull("no_such_proxy")).isNull();
        assertThatThrownBy(() -> client.getProxy("no_such_proxy"))
                .isInstanceOf(IOException.class).hasMessage("[404] proxy not found");
        Proxy proxy = client.getProxy(name);
        assertThatThrownBy(() -> proxy.toxics().get("no_such_toxic"))
                .isInstanceOf(IOException.class).hasMessage("[404] toxic not found");
        proxy.toxics().latency("dup", ToxicDirection.DOWNSTREAM, 1);
        assertThatThrownBy(() -> proxy.toxics().timeout("dup", ToxicDirection.UPSTREAM, 1))
                .isInstanceOf(IOException.class).hasMessage("[409] toxic already exists");
    }

    @Test
    void deletedProxyIsGoneAndItsPortClosed(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        String listen = proxy.getListen();

        proxy.delete();

        assertThat(client.getProxyOrNull(proxy.getName())).isNull();
        assertThatThrownBy(() -> Sockets.connect(listen, 1_000)).isInstanceOf(ConnectException.class);
        assertThatThrownBy(proxy::delete).isInstanceOf(IOException.class);
    }

    @Test
    void upstreamAndListenCanBeChanged(TestInfo test) throws Exception {
        Proxy proxy = proxyToEcho(test);
        try (EchoServer other = EchoServer.with((socket, server) -> {
            socket.getOutputStream().write("other".getBytes());
            socket.getInputStream().read();
        })) {
            proxy.setUpstream(other.address());
            assertThat(proxy.getUpstream()).isEqualTo(other.address());
            try (Socket socket = Sockets.connect(proxy.getListen(), 5_000)) {
                assertThat(new String(Sockets.readExactly(socket, 5))).isEqualTo("other");
            }
        }
        String oldListen = proxy.getListen();
        proxy.setListen("127.0.1.7:0");
        assertThat(proxy.getListen()).startsWith("127.0.1.7:").isNotEqualTo("127.0.1.7:0");
        assertThat(client.getProxy(proxy.getName()).getListen()).isEqualTo(proxy.getListen());
        assertThatThrownBy(() -> Sockets.connect(oldListen, 1_000)).isInstanceOf(ConnectException.class);
    }

    @Test
    void everyToxicTypeCanBeCreatedReadUpdatedAndRemoved(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10).setJitter(5);
        proxy.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 1000);
        proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 20);
        proxy.toxics().timeout("to", ToxicDirection.UPSTREAM, 0);
        proxy.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 100, 10);
        proxy.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1000);
        proxy.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 30);

        List<? extends Toxic> all = proxy.toxics().getAll();
        assertThat(all).extracting(Toxic::getName).containsExactly("bw", "to", "rp", "lat", "sc", "sl", "ld");
        Latency latency = proxy.toxics().get("lat", Latency.class);
        assertThat(latency.getLatency()).isEqualTo(10);
        assertThat(latency.getJitter()).isEqualTo(5);
        assertThat(latency.getStream()).isEqualTo(ToxicDirection.DOWNSTREAM);
        assertThat(latency.getToxicity()).isEqualTo(1f);
        assertThat(proxy.toxics().get("bw", Bandwidth.class).getRate()).isEqualTo(1000);
        assertThat(proxy.toxics().get("sc", SlowClose.class).getDelay()).isEqualTo(20);
        assertThat(proxy.toxics().get("to", Timeout.class).getStream()).isEqualTo(ToxicDirection.UPSTREAM);
        Slicer slicer = proxy.toxics().get("sl", Slicer.class);
        assertThat(slicer.getAverageSize()).isEqualTo(100);
        assertThat(slicer.getDelay()).isEqualTo(10);
        slicer.setSizeVariation(7);
        assertThat(proxy.toxics().get("sl", Slicer.class).getSizeVariation()).isEqualTo(7);
        assertThat(proxy.toxics().get("sl", Slicer.class).getAverageSize()).isEqualTo(100);
        assertThat(proxy.toxics().get("ld", LimitData.class).getBytes()).isEqualTo(1000);
        assertThat(proxy.toxics().get("rp", ResetPeer.class).getTimeout()).isEqualTo(30);

        latency.setLatency(42);
        latency.setToxicity(0.5f);
        Latency updated = proxy.toxics().get("lat", Latency.class);
        assertThat(updated.getLatency()).isEqualTo(42);
        assertThat(updated.getJitter()).isEqualTo(5);
        assertThat(updated.getToxicity()).isEqualTo(0.5f);

        proxy.toxics().get("to").remove();
        latency.remove();
        assertThat(proxy.toxics().getAll()).extracting(Toxic::getName).containsExactly("bw", "rp", "sc", "sl", "ld");
    }

    @Test
    void disableAndEnableAreReported(TestInfo test) throws IOException {
        Proxy proxy = proxyToEcho(test);
        proxy.disable();
        assertThat(proxy.isEnabled()).isFalse();
        assertThat(client.getProxy(proxy.getName()).isEnabled()).isFalse();
        proxy.enable();
        assertThat(client.getProxy(proxy.getName()).isEnabled()).isTrue();
    }

    @Test
    void resetReenablesProxiesAndRemovesToxics(TestInfo test) throws IOException {
        // a fresh client: reset() re-reads every proxy a client ever returned, and other tests deleted theirs
        ToxiproxyClient fresh = toxiproxy.client();
        Proxy proxy = fresh.createProxy(name(test, ""), "127.0.0.1:0", echo.address());
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 5_000);
        proxy.disable();

        fresh.reset();

        assertThat(proxy.isEnabled()).as("the client refreshed its proxy").isTrue();
        Proxy after = client.getProxy(proxy.getName());
        assertThat(after.isEnabled()).isTrue();
        assertThat(after.toxics().getAll()).isEmpty();
        try (Socket socket = Sockets.connect(after.getListen(), 5_000)) {
            assertThat(Sockets.roundTrip(socket, Sockets.payload(10))).isLessThan(4_000);
        }
    }

    @Test
    void rawCreateUpdateAndDeleteUseToxiproxyStatusCodes(TestInfo test) throws Exception {
        String name = name(test, "");
        Reply created = call("POST", "/proxies",
                "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("enabled").asBoolean()).isTrue();
        assertThat(created.body().get("toxics").isArray()).isTrue();
        assertThat(created.body().get("listen").asText()).matches("127\\.0\\.0\\.1:\\d+");

        Reply patched = call("PATCH", "/proxies/" + name, "{\"enabled\":false}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("enabled").asBoolean()).isFalse();
        assertThat(patched.body().get("upstream").asText()).isEqualTo(echo.address());

        Reply toxic = call("POST", "/proxies/" + name + "/toxics", "{\"type\":\"latency\",\"attributes\":{}}");
        assertThat(toxic.status()).isEqualTo(200);
        assertThat(toxic.body().get("name").asText()).isEqualTo("latency_downstream");
        assertThat(toxic.body().get("stream").asText()).isEqualTo("downstream");
        assertThat(toxic.body().get("toxicity").asDouble()).isEqualTo(1.0);
        assertThat(toxic.body().get("attributes").get("latency").asLong()).isZero();
        assertThat(toxic.body().get("attributes").get("jitter").asLong()).isZero();

        Reply patchedToxic = call("PATCH", "/proxies/" + name + "/toxics/latency_downstream",
                "{\"attributes\":{\"jitter\":3}}");
        assertThat(patchedToxic.status()).isEqualTo(200);
        assertThat(patchedToxic.body().get("attributes").get("jitter").asLong()).isEqualTo(3);

        Reply noop = call("POST", "/proxies/" + name + "/toxics", "{\"type\":\"noop\",\"stream\":\"upstream\"}");
        assertThat(noop.status()).isEqualTo(200);
        assertThat(noop.body().get("name").asText()).isEqualTo("noop_upstream");
        assertThat(noop.body().get("attributes").size()).isZero();

        Reply list = call("GET", "/proxies/" + name + "/toxics", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).hasSize(2);
        assertThat(list.body().get(0).get("name").asText()).isEqualTo("noop_upstream");
        assertThat(call("GET", "/proxies/" + name + "/toxics/noop_upstream", null).body().get("type").asText())
                .isEqualTo("noop");

        assertThat(call("DELETE", "/proxies/" + name + "/toxics/noop_upstream", null).status()).isEqualTo(204);
        assertThat(call("DELETE", "/proxies/" + name + "/toxics/noop_upstream", null).status()).isEqualTo(404);
        assertThat(call("POST", "/reset", null).status()).isEqualTo(204);
        assertThat(call("GET", "/proxies/" + name, null).body().get("enabled").asBoolean()).isTrue();
        assertThat(call("DELETE", "/proxies/" + name, null).status()).isEqualTo(204);
        assertThat(call("GET", "/proxies/" + name, null).status()).isEqualTo(404);
    }

    @Test
    void badRequestsGetJsonErrors(TestInfo test) throws Exception {
        String name = name(test, "");
        client.createProxy(name, "127.0.0.1:0", echo.address());

        assertError(call("POST", "/proxies", "{\"upstream\":\"127.0.0.1:1\"}"), 400, "missing required field: name");
        assertError(call("POST", "/proxies", "{\"name\":\"x_missing_upstream\"}"), 400,
                "missing required field: upstream");
        Reply badBody = call("POST", "/proxies", "{not json");
        assertThat(badBody.status()).isEqualTo(400);
        assertThat(badBody.body().get("error").asText()).startsWith("bad request body");
        assertError(call("POST", "/proxies", "{\"name\":\"" + name + "\",\"upstream\":\"127.0.0.1:1\"}"), 409,
                "proxy already exists");
        assertError(call("GET", "/proxies/no_such_proxy", null), 404, "proxy not found");
        assertError(call("POST", "/proxies/" + name + "/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"),
                400, "stream was invalid, can be either upstream or downstream");
        assertError(call("POST", "/proxies/" + name + "/toxics", "{\"type\":\"nonsense\"}"), 400,
                "invalid toxic type");
        assertError(call("GET", "/proxies/" + name + "/toxics/nope", null), 404, "toxic not found");
        assertError(call("POST", "/proxies/no_such_proxy/toxics", "{\"type\":\"latency\"}"), 404, "proxy not found");
    }

    private static void assertError(Reply reply, int status, String message) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.body().get("error").asText()).isEqualTo(message);
        assertThat(reply.body().get("status").asInt()).isEqualTo(status);
    }

    @Test
    void populateCreatesKeepsAndReplacesProxies(TestInfo test) throws Exception {
        String first = name(test, "_1");
        String second = name(test, "_2");
        Reply populated = call("POST", "/populate", "[{\"name\":\"" + first + "\",\"listen\":\"127.0.0.1:0\","
                + "\"upstream\":\"" + echo.address() + "\"},{\"name\":\"" + second + "\",\"listen\":\"127.0.0.1:0\","
                + "\"upstream\":\"" + echo.address() + "\",\"enabled\":false}]");
        assertThat(populated.status()).isEqualTo(201);
        assertThat(populated.body().get("proxies")).hasSize(2);
        assertThat(client.getProxy(first).isEnabled()).isTrue();
        assertThat(client.getProxy(second).isEnabled()).isFalse();

        Proxy kept = client.getProxy(first);
        kept.toxics().latency("kept_toxic", ToxicDirection.DOWNSTREAM, 1);
        Reply again = call("POST", "/populate", "[{\"name\":\"" + first + "\",\"listen\":\"" + kept.getListen()
                + "\",\"upstream\":\"" + echo.address() + "\"}]");
        assertThat(again.status()).isEqualTo(201);
        assertThat(client.getProxy(first).toxics().getAll()).extracting(Toxic::getName).containsExactly("kept_toxic");

        Reply replaced = call("POST", "/populate", "[{\"name\":\"" + first + "\",\"listen\":\"127.0.0.1:0\","
                + "\"upstream\":\"127.0.0.1:1\"}]");
        assertThat(replaced.status()).isEqualTo(201);
        Proxy now = client.getProxy(first);
        assertThat(now.getUpstream()).isEqualTo("127.0.0.1:1");
        assertThat(now.toxics().getAll()).isEmpty();

        Reply invalid = call("POST", "/populate", "[{\"name\":\"" + first + "\",\"upstream\":\"127.0.0.1:2\"},"
                + "{\"listen\":\"127.0.0.1:0\"}]");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().get("error").asText()).startsWith("missing required field: name");
        assertThat(client.getProxy(first).getUpstream()).as("nothing applied").isEqualTo("127.0.0.1:1");
    }

    @Test
    void attributesAreIntegersAndToxicityIsANumber(TestInfo test) throws Exception {
        Proxy proxy = proxyToEcho(test);
        proxy.toxics().latency("lat", ToxicDirection.UPSTREAM, 15);
        JsonNode toxic = call("GET", "/proxies/" + proxy.getName() + "/toxics/lat", null).body();
        assertThat(toxic.get("attributes").get("latency").isIntegralNumber()).isTrue();
        assertThat(toxic.get("toxicity").isNumber()).isTrue();
        assertThat(toxic.get("type").asText()).isEqualTo("latency");
        Map<String, Object> fields = JSON.convertValue(toxic, Map.class);
        assertThat(fields).containsOnlyKeys("attributes", "name", "type", "stream", "toxicity");
    }
}
